import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { openPageInput } from '../../cli/input';

describe('openPageInput', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-input-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const noStdin = Readable.from([]);

  it('reads a file byte for byte', async () => {
    const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0x23, 0x20, 0xe2, 0x9c, 0x93, 0x0d, 0x0a, 0x00, 0xff]);
    writeFileSync(join(dir, 'page.bin'), bytes);
    const input = await openPageInput(join(dir, 'page.bin'), noStdin);
    expect(Buffer.from(await input.read(100, ''))).toEqual(bytes);
    await input.close();
  });

  it('reads standard input for -', async () => {
    const input = await openPageInput('-', Readable.from([Buffer.from('hello '), Buffer.from('world')]));
    expect(input.label).toBe('standard input');
    expect(Buffer.from(await input.read(11, '')).toString()).toBe('hello world');
  });

  it('names a missing file, a directory and an unreadable file', async () => {
    await expect(openPageInput(join(dir, 'nope.md'), noStdin)).rejects.toThrow(
      `cannot read ${join(dir, 'nope.md')}: no such file`,
    );
    await expect(openPageInput(dir, noStdin)).rejects.toThrow(`cannot read ${dir}: it is a directory`);
    const locked = join(dir, 'locked.md');
    writeFileSync(locked, 'secret');
    chmodSync(locked, 0);
    // root reads anything: the check only means something for other users.
    if (process.getuid?.() !== 0) await expect(openPageInput(locked, noStdin)).rejects.toThrow('permission denied');
  });

  it('refuses a file over the limit with its size, as the editor words it', async () => {
    writeFileSync(join(dir, 'big.md'), Buffer.alloc(70_000, 0x61));
    const input = await openPageInput(join(dir, 'big.md'), noStdin);
    await expect(input.read(65_536, '')).rejects.toThrow(
      `${join(dir, 'big.md')} is 70,000 bytes, over the limit of 65,536 bytes (64 KB)`,
    );
    await expect(input.read(65_503, ' for a private page')).rejects.toThrow(
      'over the limit of 65,503 bytes (64 KB) for a private page',
    );
    await input.close();
  });

  it('stops reading standard input as soon as it passes the limit', async () => {
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled += 1;
        this.push(Buffer.alloc(1024, 0x61));
      },
    });
    const input = await openPageInput('-', endless);
    await expect(input.read(4096, '')).rejects.toThrow('standard input is over the limit of 4,096 bytes (4 KB)');
    expect(pulled).toBeLessThan(10);
  });

  it('refuses an empty page', async () => {
    writeFileSync(join(dir, 'empty.md'), '');
    const input = await openPageInput(join(dir, 'empty.md'), noStdin);
    await expect(input.read(10, '')).rejects.toThrow(`nothing to share: ${join(dir, 'empty.md')} is empty`);
    await input.close();
  });
});
