declare module 'replace-in-file-webpack-plugin' {
  import type { Compiler } from 'webpack';

  interface ReplaceRule {
    search: string | RegExp;
    replace: string | ((match: string) => string);
  }
  interface ReplaceOption {
    dir?: string;
    files?: string[];
    test?: RegExp | RegExp[];
    rules: ReplaceRule[];
  }
  class ReplaceInFileWebpackPlugin {
    constructor(options: ReplaceOption[]);
    apply(compiler: Compiler): void;
  }
  export = ReplaceInFileWebpackPlugin;
}
