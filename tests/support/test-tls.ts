// A test "corporate" CA and a server certificate it signed, for emulators that speak TLS. The
// certificate names localhost, 127.0.0.1, corp.test and *.corp.test, and is valid 2020-2120.
// Made once with openssl (CA: `openssl ca -selfsign`, leaf: `openssl ca -extensions leaf` with
// subjectAltName and extendedKeyUsage=serverAuth); nothing trusts the CA unless a test says so.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('./tls/', import.meta.url));

/** Path of the CA certificate (PEM): what AWS_CA_BUNDLE or NODE_EXTRA_CA_CERTS point at in tests. */
export const TEST_CA_PATH = `${dir}ca.pem`;
export const TEST_CA_PEM = readFileSync(TEST_CA_PATH, 'utf8');
/** Key and certificate for an emulator's `tls` option. */
export const TEST_SERVER_TLS = { key: readFileSync(`${dir}server.key`, 'utf8'), cert: readFileSync(`${dir}server.pem`, 'utf8') };
