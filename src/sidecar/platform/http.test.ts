import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { DependencyError } from '../kernel/errors';
import { outboundJson, type OutboundOptions } from './http';

/**
 * A peer that closes the connection instead of answering the first `closeFirst` requests (with a
 * reset, or a plain close), then answers `{"ok":true}`; it counts the requests it read.
 */
function closingPeer() {
  const state = { closeFirst: 0, reset: true, seen: [] as string[] };
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let head = '';
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      state.seen.push(head.slice(0, head.indexOf(' ')));
      head = '';
      if (state.seen.length <= state.closeFirst) {
        if (state.reset) socket.resetAndDestroy();
        else socket.destroy();
        return;
      }
      const body = '{"ok":true}';
      socket.write(
        `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`
      );
      socket.end();
    });
  });
  return {
    state,
    listen: () =>
      new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port))),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

describe('outbound client: a connection the peer closes before answering', () => {
  const peer = closingPeer();
  let options: OutboundOptions;
  let url: URL;
  before(async () => {
    const port = await peer.listen();
    options = { dependency: 'Grafana', allowedHosts: [`127.0.0.1:${port}`], timeoutMs: 5_000 };
    url = new URL(`http://127.0.0.1:${port}/api/teams/search`);
  });
  after(() => peer.close());
  beforeEach(() => {
    peer.state.seen = [];
  });

  for (const reset of [true, false]) {
    test(`a read is sent once more and answers (${reset ? 'reset' : 'closed'})`, async () => {
      Object.assign(peer.state, { closeFirst: 1, reset });
      assert.deepEqual(await outboundJson(options, { method: 'GET', url }), { ok: true });
      assert.deepEqual(peer.state.seen, ['GET', 'GET']);
    });
  }

  test('a write is never sent twice: the caller gets the dependency error', async () => {
    Object.assign(peer.state, { closeFirst: 1, reset: true });
    await assert.rejects(
      outboundJson(options, { method: 'POST', url, json: { silence: true } }),
      (err: unknown) =>
        err instanceof DependencyError && err.kind === 'unreachable' && /Grafana is unreachable/.test(err.message)
    );
    assert.deepEqual(peer.state.seen, ['POST']);
  });

  test('a read closed twice fails: one more try, not a loop', async () => {
    Object.assign(peer.state, { closeFirst: 5, reset: true });
    await assert.rejects(
      outboundJson(options, { method: 'GET', url }),
      (err: unknown) => err instanceof DependencyError && err.kind === 'unreachable'
    );
    assert.deepEqual(peer.state.seen, ['GET', 'GET']);
  });
});
