import * as rules from '../../../lib/compliance/rules';

/** The resources of a template, by logical id. */
export type Resources = Record<string, rules.CfnTemplateResource>;

/** A template with one resource under test (logical id `Subject`), plus extra resources. */
export function subject(resource: rules.CfnTemplateResource, extra: Resources = {}): rules.RuleSubject {
  return { logicalId: 'Subject', resource, template: { Resources: { Subject: resource, ...extra } } };
}

/** The resource `logicalId` of a template made of `resources`. */
export function subjectOf(resources: Resources, logicalId: string): rules.RuleSubject {
  return { logicalId, resource: resources[logicalId], template: { Resources: resources } };
}
