/**
 * go-plugin's launch contract, from the plugin's side (go-plugin `server.go`): the magic cookie in
 * the environment, protocol version negotiation through PLUGIN_PROTOCOL_VERSIONS, where to put the
 * Unix socket, and the single handshake line `CORE|APP|NETWORK|ADDR|PROTOCOL` on stdout.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Grafana's handshake (SDK `backend/grpcplugin/handshake.go`); must never change. */
export const MAGIC_COOKIE_KEY = 'grafana_plugin_type';
export const MAGIC_COOKIE_VALUE = 'datasource';
export const CORE_PROTOCOL_VERSION = 1;
export const APP_PROTOCOL_VERSION = 2;

export const NOT_A_PROGRAM_MESSAGE =
  'This binary is a plugin. These are not meant to be executed directly.\n' +
  'Please execute the program that consumes these plugins, which will\n' +
  'load any plugins automatically\n';

export class HandshakeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HandshakeError';
  }
}

/** Checks the environment go-plugin's client sets; throws with go-plugin's wording when it is wrong. */
export function checkLaunchEnvironment(env: NodeJS.ProcessEnv): void {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) throw new HandshakeError(NOT_A_PROGRAM_MESSAGE);
  const offered = env.PLUGIN_PROTOCOL_VERSIONS;
  if (offered !== undefined && offered !== '') {
    const versions = offered.split(',').map((v) => Number.parseInt(v.trim(), 10));
    if (!versions.includes(APP_PROTOCOL_VERSION)) {
      throw new HandshakeError(
        `Incompatible API version with plugin. Plugin version: ${APP_PROTOCOL_VERSION}, Client versions: ${offered}\n`
      );
    }
  }
  if (env.PLUGIN_CLIENT_CERT) {
    throw new HandshakeError(
      'the client asked for mutual TLS (PLUGIN_CLIENT_CERT), which this plugin does not support\n'
    );
  }
}

export interface ListenAddress {
  network: 'unix' | 'tcp';
  /** `unix:/abs/path` or `127.0.0.1:0`, as @grpc/grpc-js binds it. */
  bindTarget: string;
  /** Removes the socket directory (unix only). */
  cleanup(): void;
  /** The address for the handshake line, given the port grpc-js bound. */
  handshakeAddress(port: number): string;
}

/** A fresh socket in PLUGIN_UNIX_SOCKET_DIR (or the temp dir); TCP on loopback on Windows. */
export function chooseListenAddress(env: NodeJS.ProcessEnv, platform = process.platform): ListenAddress {
  if (platform === 'win32') {
    return {
      network: 'tcp',
      bindTarget: '127.0.0.1:0',
      cleanup: () => {},
      handshakeAddress: (port) => `127.0.0.1:${port}`,
    };
  }
  const base = env.PLUGIN_UNIX_SOCKET_DIR || os.tmpdir();
  const dir = fs.mkdtempSync(path.join(path.resolve(base), 'plugin'));
  const socket = path.join(dir, 'grpc.sock');
  return {
    network: 'unix',
    bindTarget: `unix:${socket}`,
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
    handshakeAddress: () => socket,
  };
}

export function handshakeLine(network: 'unix' | 'tcp', address: string): string {
  return `${CORE_PROTOCOL_VERSION}|${APP_PROTOCOL_VERSION}|${network}|${address}|grpc\n`;
}
