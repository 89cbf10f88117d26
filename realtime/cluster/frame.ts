/**
 * One binary message between two nodes: a 4-byte big-endian header length, a
 * JSON header, then raw bytes. Page bytes cross as they are (no base64, no
 * msgpack walk over a megabyte) and are read back as a view of the message,
 * without a copy; the header is a few fields, so JSON costs nothing there and
 * no dependency is needed.
 */
export function encodeFrame(header: object, body: Uint8Array = new Uint8Array(0)): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const frame = Buffer.allocUnsafe(4 + json.byteLength + body.byteLength);
  frame.writeUInt32BE(json.byteLength, 0);
  json.copy(frame, 4);
  frame.set(body, 4 + json.byteLength);
  return frame;
}

/** The header and body of a frame, or undefined when it is not one. */
export function decodeFrame(frame: Buffer): { header: unknown; body: Buffer } | undefined {
  if (frame.byteLength < 4) return undefined;
  const end = 4 + frame.readUInt32BE(0);
  if (end > frame.byteLength) return undefined;
  try {
    return { header: JSON.parse(frame.toString('utf8', 4, end)), body: frame.subarray(end) };
  } catch {
    return undefined;
  }
}
