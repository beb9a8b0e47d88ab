import { ConfigServiceClient, GetResourceConfigHistoryCommand, PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { ConfigurationItem, Evaluation } from './rule-runtime';

/** The AWS Config calls every custom rule handler makes, bound to the SDK (Lambda side only). */
export interface ConfigCalls {
  getLatestConfigurationItem(resourceType: string, resourceId: string): Promise<ConfigurationItem | undefined>;
  putEvaluations(evaluations: Evaluation[], resultToken: string): Promise<void>;
  sleep(ms: number): Promise<void>;
}

/** The live Config client's calls. */
export function configCalls(): ConfigCalls {
  const config = new ConfigServiceClient({});
  return {
    async getLatestConfigurationItem(resourceType, resourceId) {
      const out = await config.send(new GetResourceConfigHistoryCommand({ resourceType: resourceType as any, resourceId, limit: 1 }));
      const ci = out.configurationItems?.[0];
      if (!ci) return undefined;
      return {
        resourceType: ci.resourceType!, resourceId: ci.resourceId!,
        configurationItemCaptureTime: (ci.configurationItemCaptureTime ?? new Date()).toISOString(),
        configurationItemStatus: ci.configurationItemStatus, tags: ci.tags,
        configuration: ci.configuration, supplementaryConfiguration: ci.supplementaryConfiguration,
      };
    },
    async putEvaluations(evaluations, resultToken) {
      await config.send(new PutEvaluationsCommand({ Evaluations: evaluations, ResultToken: resultToken }));
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
