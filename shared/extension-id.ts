// The browser extension's fixed identities. Chrome derives an unpacked or packed extension's id from
// the public key in its manifest (the first 16 bytes of SHA-256 of the DER key, each hex digit 0–f
// written a–p), so every build and every install has the same id and origin
// (chrome-extension://<id>); the backend's CORS allows that origin by default. The private key is
// not needed to build; the Chrome Web Store signs with its own. Firefox takes the add-on id from
// browser_specific_settings.gecko.id.

/** SubjectPublicKeyInfo (DER, base64) of the extension's RSA-2048 key: the manifest's `key`. */
export const chromeExtensionPublicKey =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu+NbbtvoXhkOVRbH4zK/l14cdwa0FzPVXVC5Z7aRH5QV1BGH8h243wsr+U4nIVj1wDDcmEeWXH++hdEitDoMMG+1UUT62DujD3NUiJ8QzYbCJhg3MssszWtS12QAN3I4J9MlL6IEfRx3UkWQOHZrwV135Nw3HifDXcp3PfLDhE5O6/D9xAPnpbk8FAkhNcpDsgLDS5tbeHNbs7Ieq3Pfwa9I+ricPaRW0VEiRBbAuyz0jmbs61kDAXiOQuhRKTQ1qo0RNcBq4Q0/KmvWY+4tPYEkdSFjEHjC2lVqYMwopIkPRBVc33ggSdQoC8NDkEIZCMsn/A0keNyBzQhRNuy0zwIDAQAB';

/** Chrome's id for chromeExtensionPublicKey (checked against the key in a test). */
export const chromeExtensionId = 'gkmibmhdobbjoafjmibeckbpapemohfn';

/** Firefox add-on id (AMO). Firefox's moz-extension:// origin is a per-install UUID, not this id. */
export const geckoExtensionId = 'inkasso-go@modhi.no';
