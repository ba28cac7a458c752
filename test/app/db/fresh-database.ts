// Gives each test its own empty on-device database, so tests never see each other's records.
import { connectDatabase } from '../../../src/app/db/connection';
import type { AnchorDatabase } from '../../../src/app/db/database';
import { forgetCachedDeviceInfo } from '../../../src/app/db/device';

let counter = 0;

export function freshDatabase(): AnchorDatabase {
  forgetCachedDeviceInfo();
  counter += 1;
  return connectDatabase(`test-${process.pid}-${Date.now()}-${counter}`);
}
