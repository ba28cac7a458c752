// Console contract answers the administration screens' tests share: programmes, a two-round pot, accounts.
import type {
  AccountsResponse,
  PotResponse,
  ProgrammeVersionsResponse,
} from '../../../../src/shared/console';
import { MICRO_GRANT, type Programme, SOUTHEND_2050_AMBITION } from '../../../../src/shared/programmes';

export const NEW_ROUND = {
  id: '2026-27',
  name: '2026 to 2027',
  applicationWindow: { opens: '2026-04-01', closes: '2027-03-31' },
  spendWindow: { from: '2026-05-01', to: '2027-09-30' },
  potPence: 5_000_000,
};

export const PROGRAMMES: Programme[] = [
  { ...SOUTHEND_2050_AMBITION, version: 3 },
  { ...MICRO_GRANT, version: 4 },
];

export const POT: PotResponse = {
  programmeId: 'micro-grant',
  rounds: [
    {
      round: NEW_ROUND,
      potPence: 5_000_000,
      requestedPence: 123_456,
      approvedPence: 100_000,
      paidPence: 50_000,
      remainingPence: 4_900_000,
      applications: 2,
      byDistrict: [
        {
          districtCode: null,
          applications: 1,
          requestedPence: 23_456,
          approvedPence: 0,
          paidPence: 0,
        },
        {
          districtCode: 'E06000033',
          applications: 1,
          requestedPence: 100_000,
          approvedPence: 100_000,
          paidPence: 50_000,
        },
      ],
    },
    {
      round: MICRO_GRANT.rounds?.[0] as NonNullable<typeof MICRO_GRANT.rounds>[number],
      potPence: 10_000_000,
      requestedPence: 0,
      approvedPence: 0,
      paidPence: 0,
      remainingPence: 10_000_000,
      applications: 0,
      byDistrict: [],
    },
  ],
};

export const VERSIONS = (programme: Programme): ProgrammeVersionsResponse => ({
  versions: [
    {
      version: programme.version,
      settings: programme,
      savedAt: '2026-12-01T10:05:00.000Z',
      savedBy: 'coord',
    },
    {
      version: 1,
      settings: { ...programme, version: 1 },
      savedAt: '2026-11-01T09:00:00.000Z',
      savedBy: null,
    },
  ],
});

export const ACCOUNTS: AccountsResponse = {
  accounts: [
    {
      id: '0193a000-0000-7000-8000-000000000001',
      username: 'coord',
      role: 'coordinator',
      createdAt: '2026-11-01T09:00:00.000Z',
      disabledAt: null,
      devices: [],
    },
    {
      id: '0193a000-0000-7000-8000-000000000002',
      username: 'alice',
      role: 'worker',
      createdAt: '2026-11-02T09:00:00.000Z',
      disabledAt: null,
      devices: [
        {
          deviceId: '0193b111-2222-7333-8444-555566667777',
          firstSeenAt: '2026-11-03T09:00:00.000Z',
          lastContactAt: '2026-12-05T13:05:00.000Z',
          pendingCount: 3,
        },
      ],
    },
    {
      id: '0193a000-0000-7000-8000-000000000003',
      username: 'bob',
      role: 'worker',
      createdAt: '2026-11-02T09:00:00.000Z',
      disabledAt: '2026-12-01T09:00:00.000Z',
      devices: [],
    },
  ],
};
