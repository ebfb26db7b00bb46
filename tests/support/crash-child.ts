// A process that opens the diagnostic log, then dies of an unhandled rejection carrying a secret
// (tests/unit/app-log.test.ts reads what it left).
import { logProcessFaults, openAppLog } from '../../src-main/core/logging/app-log';

const log = openAppLog({ home: process.argv[2], process: 'serve', level: 'info' });
logProcessFaults(log.logger);
void Promise.reject(new Error('boom with AKIAIOSFODNN7EXAMPLE inside', { cause: new Error('the socket said Bearer tok-123456789') }));
