// GET /devices/{deviceId}/recovery-key (the worker's key for that tablet) and POST /devices/{deviceId}/wipes (the
// tablet removed a disabled worker's data).
import { Hono } from 'hono';
import * as v from 'valibot';
import { type RecoveryKeyResponse, WipeReportSchema } from '../../shared/api';
import { DeviceIdSchema } from '../../shared/records';
import { checkTokenDevice, requireToken, requireTokenAllowingDisabled } from '../auth/middleware';
import { recordWipe, recoveryKey, workerOnDevice } from '../devices/disabled-workers';
import type { AppEnv } from '../http/env';
import { ApiError, readJson } from '../http/errors';

function deviceParam(value: string): string {
  if (!v.is(DeviceIdSchema, value)) {
    throw new ApiError(400, 'invalid-request', 'The device id must be a lower-case UUIDv7.', [
      { path: 'deviceId', message: 'Expected a lower-case UUIDv7' },
    ]);
  }
  return value;
}

const workerRefused = (message: string) =>
  new ApiError(400, 'invalid-request', message, [{ path: 'workerId', message }]);

export function deviceRoutes() {
  const routes = new Hono<AppEnv>();

  // A disabled account never gets its key: requireToken answers its token 403 account-disabled.
  routes.get('/:deviceId/recovery-key', requireToken, async (c) => {
    const deviceId = deviceParam(c.req.param('deviceId'));
    const actor = c.get('actor');
    checkTokenDevice(actor, deviceId);
    const key = await recoveryKey(c.get('db'), actor.id, deviceId);
    const body: RecoveryKeyResponse = { key: Buffer.from(key).toString('base64url') };
    return c.json(body);
  });

  // The one route a disabled account's last token still reaches, and only to report about itself.
  routes.post('/:deviceId/wipes', requireTokenAllowingDisabled, async (c) => {
    const db = c.get('db');
    const deviceId = deviceParam(c.req.param('deviceId'));
    const actor = c.get('actor');
    checkTokenDevice(actor, deviceId);
    const report = await readJson(c, WipeReportSchema);
    if (actor.disabled) {
      if (report.workerId !== actor.id) {
        throw new ApiError(
          403,
          'forbidden',
          'A disabled account can only report the removal of its own data.',
        );
      }
    } else {
      const worker = await workerOnDevice(db, deviceId, report.workerId);
      if (!worker) throw workerRefused('This worker has not synced from this device.');
      if (!worker.disabled) throw workerRefused('This worker’s account is not disabled.');
    }
    await recordWipe(db, {
      deviceId,
      accountId: report.workerId,
      reportedBy: actor.id,
      kept: report.kept,
      removed: report.removed,
    });
    return c.body(null, 204);
  });

  return routes;
}
