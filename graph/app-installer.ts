import type { AppInstaller } from '../workflow/ports.js';

/**
 * Proactive installation through Graph (POST /users/{id}/teamwork/installedApps) comes with the outbox
 * issue. Until then, people without a conversation have their cards held and QA is told.
 */
export class NoAppInstaller implements AppInstaller {
  async install(): Promise<'not-configured'> {
    return 'not-configured';
  }
}
