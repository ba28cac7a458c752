// The encryption benchmark's page bundle: the app's own store modules (keyring, codec, records) on globalThis.anchorBench.
import Dexie from 'dexie';
import { decodePayload, encodePayload } from '../../../src/app/db/codec';
import { connectDatabase, database } from '../../../src/app/db/connection';
import {
  lock,
  setPasscode,
  unlockedWorker,
  unlockWithPasscode,
  unlockWithRecoveryKey,
} from '../../../src/app/db/keyring';
import { createRecord, listRecords, searchRecords } from '../../../src/app/db/records';
import { signupPayload } from './signup-payload';

const bench = {
  Dexie,
  connectDatabase,
  database,
  decodePayload,
  encodePayload,
  lock,
  setPasscode,
  unlockedWorker,
  unlockWithPasscode,
  unlockWithRecoveryKey,
  createRecord,
  listRecords,
  searchRecords,
  signupPayload,
};

export type AnchorBench = typeof bench;

(globalThis as unknown as { anchorBench: AnchorBench }).anchorBench = bench;
