import { relayFor } from '../../cli/app-config';

/** An https app is reachable only through a stubbed fetch: what matters is what it names. */
function stubApp(settings: object) {
  return jest.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(JSON.stringify(settings)));
}

afterEach(() => jest.restoreAllMocks());

test('an https app that names an http relay is refused; --realtime is the way to choose one', async () => {
  stubApp({ realtimeUrl: 'http://relay.example:4000', pageMaxBytes: 1024, protocol: 2 });
  await expect(relayFor('https://app.example', null, new AbortController().signal)).rejects.toThrow(
    'https://app.example is on https but names a relay on http (http://relay.example:4000): refused; --realtime URL chooses a relay yourself',
  );
  await expect(
    relayFor('https://app.example', 'http://relay.example:4000', new AbortController().signal),
  ).resolves.toEqual({ url: 'http://relay.example:4000', maxPageBytes: 1_048_576 });
});

test('an https app with an https relay, and an http app with either, are fine', async () => {
  stubApp({ realtimeUrl: 'https://relay.example', pageMaxBytes: 2048, protocol: 2 });
  await expect(relayFor('https://app.example', null, new AbortController().signal)).resolves.toEqual({
    url: 'https://relay.example',
    maxPageBytes: 2048,
  });
});
