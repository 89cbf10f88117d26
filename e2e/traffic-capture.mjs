// A TCP proxy in front of the sidecar that keeps every byte each way, so a test
// can check what the sidecar really received and sent: WebSocket frames from
// browsers are masked (XORed with a per-frame key), so they are unmasked here.
import { connect, createServer } from 'node:net';

const HEADERS_END = Buffer.from('\r\n\r\n');

/** The payloads of a stream of WebSocket frames, unmasked and joined. */
function framePayloads(stream) {
  const payloads = [];
  let at = 0;
  while (at + 2 <= stream.length) {
    const masked = (stream[at + 1] & 0x80) !== 0;
    let length = stream[at + 1] & 0x7f;
    let start = at + 2;
    if (length === 126) {
      length = stream.readUInt16BE(start);
      start += 2;
    } else if (length === 127) {
      length = Number(stream.readBigUInt64BE(start));
      start += 8;
    }
    const mask = masked ? stream.subarray(start, start + 4) : null;
    if (masked) start += 4;
    const payload = Buffer.from(stream.subarray(start, start + length));
    if (mask) for (let i = 0; i < payload.length; i += 1) payload[i] ^= mask[i % 4];
    payloads.push(payload);
    at = start + length;
  }
  return Buffer.concat(payloads);
}

/**
 * One direction of one connection as the far end reads it: HTTP as is (polling,
 * handshakes), and after a WebSocket upgrade, the frames' payloads.
 */
function readable(stream, upgraded) {
  if (!upgraded) return stream;
  const end = stream.indexOf(HEADERS_END);
  if (end === -1) return stream;
  return Buffer.concat([
    stream.subarray(0, end + HEADERS_END.length),
    framePayloads(stream.subarray(end + HEADERS_END.length)),
  ]);
}

/** Listens on `port` (every interface, as the sidecar does) and forwards to the sidecar on 127.0.0.1:`sidecarPort`. */
export async function startTrafficCapture({ port, sidecarPort }) {
  const connections = [];
  const server = createServer((client) => {
    const record = { toSidecar: [], fromSidecar: [] };
    connections.push(record);
    const sidecar = connect(sidecarPort, '127.0.0.1');
    client.on('data', (chunk) => {
      record.toSidecar.push(chunk);
      sidecar.write(chunk);
    });
    sidecar.on('data', (chunk) => {
      record.fromSidecar.push(chunk);
      client.write(chunk);
    });
    client.on('close', () => sidecar.destroy());
    sidecar.on('close', () => client.destroy());
    client.on('error', () => sidecar.destroy());
    sidecar.on('error', () => client.destroy());
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', resolve);
  });
  return {
    /** Everything the sidecar received and sent so far, as each end read it. */
    traffic() {
      return Buffer.concat(
        connections.flatMap(({ toSidecar, fromSidecar }) => {
          const response = Buffer.concat(fromSidecar);
          const upgraded = /^HTTP\/1\.1 101/.test(response.toString('latin1', 0, 16));
          if (upgraded && /permessage-deflate/i.test(response.toString('latin1', 0, response.indexOf(HEADERS_END)))) {
            throw new Error('the sidecar compresses WebSocket frames: the capture cannot read them');
          }
          return [readable(Buffer.concat(toSidecar), upgraded), readable(response, upgraded)];
        }),
      );
    },
    close() {
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
