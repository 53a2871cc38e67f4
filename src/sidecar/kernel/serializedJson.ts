/**
 * A response body a handler has already written as JSON text (e.g. a page joined from stored
 * documents), typed by the value it encodes. The registrar sends the text as it is — validated
 * against the contract first when response validation is on — instead of serializing a value.
 */
export class SerializedJson<T = unknown> {
  declare private readonly encodes?: T;

  constructor(readonly text: string) {}

  /**
   * `{"<key>":[<documents joined by commas>],<rest>}` where each document is already JSON text and
   * `rest` is the remaining members (`"a":1,"b":null`). The pieces are joined once, so the body is
   * one flat string: built with `+` or a template around a joined array it would be a rope, and
   * measuring and encoding it for the socket would copy the whole page again.
   */
  static withArray<T>(key: string, documents: readonly string[], rest: string): SerializedJson<T> {
    const parts: string[] = [`{${JSON.stringify(key)}:[`];
    for (let i = 0; i < documents.length; i++) {
      if (i > 0) parts.push(',');
      parts.push(documents[i]);
    }
    parts.push(`]${rest ? ',' : ''}${rest}}`);
    return new SerializedJson<T>(parts.join(''));
  }
}
