import { describeJournalApi } from './journal-api.contract.js';
import { httpHostTarget } from './http-host-target.js';

// The renderer's own HTTP client against the real browser host.
describeJournalApi('HTTP (browser host)', httpHostTarget);
