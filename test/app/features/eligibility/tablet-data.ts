// The eligibility data a tablet holds, for tests that finish checks: the test areas, the seeded programmes, no
// postcode lookup and no funds.
import type { EligibilityData } from '../../../../src/app/features/eligibility/eligibility-data';
import { MICRO_GRANT, SOUTHEND_2050_AMBITION } from '../../../../src/shared/programmes';
import { AREAS } from '../../../shared/eligibility/fixtures';

export const TABLET_ELIGIBILITY: EligibilityData = {
  areas: AREAS,
  postcodes: null,
  programmes: { resident: SOUTHEND_2050_AMBITION, grant: MICRO_GRANT, receivedAt: null },
  funds: null,
};
