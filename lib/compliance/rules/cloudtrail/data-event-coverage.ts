import { PHI_TAG_KEY, PHI_TAG_VALUE } from '../../../../constructs/config-rules/phi-scope';
import { CfnTemplate, CfnTemplateResource } from '../template';

/**
 * Which CloudTrail trails of an app record the data-plane reads and writes of
 * which PHI stores, judged on the synthesized templates of the whole app (a
 * trail in the baseline stack covers buckets and tables of every other stack).
 * Used by the app-wide gate rule {@link PhiStoreDataEvents} and by the evidence report.
 */

/** One synthesized template of the app. */
export interface AppTemplate {
  /** Path of the template file (or any unique name). */
  readonly path: string;
  readonly template: CfnTemplate;
  /**
   * The stack's region when it is known at synth (the stack's `env.region`, as the cloud
   * assembly records it); undefined for an environment-agnostic stack.
   */
  readonly region?: string;
}

/** The region of a cloud assembly environment (`aws://<account>/<region>`), undefined when unknown. */
export function regionOfEnvironment(environment: unknown): string | undefined {
  const m = typeof environment === 'string' ? /^aws:\/\/[^/]*\/(.+)$/.exec(environment) : null;
  return m && m[1] !== 'unknown-region' ? m[1] : undefined;
}

/** A resource of one template of the app. */
export interface AppResourceRef {
  readonly templatePath: string;
  readonly logicalId: string;
}

/** A bucket or table tagged `DataClassification=PHI`. */
export interface PhiStore extends AppResourceRef {
  readonly type: 'AWS::S3::Bucket' | 'AWS::DynamoDB::Table' | 'AWS::DynamoDB::GlobalTable';
}

/** A trail recording both reads and writes of a store. */
export interface RecordingTrail extends AppResourceRef {
  /** The trail's name when it is a literal. */
  readonly trailName?: string;
}

/** One PHI store and the trails that record its reads and writes. */
export interface PhiStoreCoverage {
  readonly store: PhiStore;
  /**
   * Trails that record both its reads and its writes, and for a table with a stream the reads
   * of its stream too (empty: nobody can tell who read it).
   */
  readonly trails: RecordingTrail[];
  /** True when the store is a table with a stream (`StreamSpecification`), whose reads must be recorded as well. */
  readonly hasStream: boolean;
}

// A global table's replicas are tables: CloudTrail records their item reads and writes as AWS::DynamoDB::Table data events.
const STORE_TYPES = {
  'AWS::S3::Bucket': 'AWS::S3::Object', 'AWS::DynamoDB::Table': 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable': 'AWS::DynamoDB::Table',
} as const;

/** True for a resource tagged `DataClassification=PHI`. */
export function isClassifiedPhi(r: CfnTemplateResource): boolean {
  const tagged = (tags: unknown) => Array.isArray(tags) && (tags as Array<{ Key?: unknown; Value?: unknown }>)
    .some((t) => t?.Key === PHI_TAG_KEY && t?.Value === PHI_TAG_VALUE);
  // A global table carries its tags per replica; one replica tagged PHI makes the table PHI.
  if (r.Type === 'AWS::DynamoDB::GlobalTable') {
    return Array.isArray(r.Properties?.Replicas) && (r.Properties!.Replicas as Array<Record<string, unknown>>).some((rep) => tagged(rep?.Tags));
  }
  return tagged(r.Properties?.Tags);
}

/** Every bucket and table of the app that `select` picks (by default: classified PHI). */
export function phiStores(templates: readonly AppTemplate[], select: (r: CfnTemplateResource) => boolean = isClassifiedPhi): PhiStore[] {
  const stores: PhiStore[] = [];
  for (const { path, template } of templates) {
    for (const [logicalId, r] of Object.entries(template.Resources ?? {})) {
      if (!(r.Type in STORE_TYPES)) continue;
      if (select(r)) {
        stores.push({ templatePath: path, logicalId, type: r.Type as PhiStore['type'] });
      }
    }
  }
  return stores;
}

/** Every `AWS::CloudTrail::Trail` of the app. */
export function trailsOf(templates: readonly AppTemplate[]): Array<AppResourceRef & { resource: CfnTemplateResource }> {
  return templates.flatMap(({ path, template }) => Object.entries(template.Resources ?? {})
    .filter(([, r]) => r.Type === 'AWS::CloudTrail::Trail')
    .map(([logicalId, resource]) => ({ templatePath: path, logicalId, resource })));
}

/**
 * For each PHI store of the app (or each bucket and table `select` picks), the trails that
 * record its reads and writes, and for a table with a stream (a global table always has one:
 * its replicas replicate through it) the reads of the stream as well: a stream record holds
 * the item (NEW_AND_OLD_IMAGES: before and after), so GetRecords reads PHI. CloudTrail records
 * stream reads as data events of type `AWS::DynamoDB::Stream`, apart from the table's
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html).
 */
export function dataEventCoverage(templates: readonly AppTemplate[], select?: (r: CfnTemplateResource) => boolean): PhiStoreCoverage[] {
  const renderer = new ValueRenderer(templates);
  const trails = trailsOf(templates).filter((t) => isTrue(t.resource.Properties?.IsLogging));
  return phiStores(templates, select).map((store) => {
    const target = storeTarget(store, templates, renderer);
    const stream = streamTarget(store, templates, renderer);
    const storeRegions = regionsOfStore(store, templates);
    const recording = trails.filter((t) => {
      if (!reachesRegions(t, templates, storeRegions)) return false;
      const seen = coverageOf(t.resource.Properties ?? {}, t.templatePath, target, renderer);
      return seen.reads && seen.writes && (!stream || coverageOf(t.resource.Properties ?? {}, t.templatePath, stream, renderer).reads);
    });
    return {
      store,
      trails: recording.map((t) => ({
        templatePath: t.templatePath, logicalId: t.logicalId,
        trailName: typeof t.resource.Properties?.TrailName === 'string' ? t.resource.Properties.TrailName : undefined,
      })),
      hasStream: stream !== undefined,
    };
  });
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/**
 * The regions a store's data events happen in: its stack's region (undefined when the stack
 * is environment-agnostic), and for a global table every replica's region (a replica written
 * `{ Ref: AWS::Region }` is the stack's own).
 */
function regionsOfStore(store: PhiStore, templates: readonly AppTemplate[]): Array<string | undefined> {
  const template = templates.find((t) => t.path === store.templatePath);
  const own = template?.region;
  if (store.type !== 'AWS::DynamoDB::GlobalTable') return [own];
  const replicas = asList(template?.template.Resources?.[store.logicalId]?.Properties?.Replicas);
  const regions = replicas.map((r) => (typeof r?.Region === 'string' ? r.Region : own));
  return regions.length > 0 ? [...new Set(regions)] : [own];
}

/**
 * A multi-region trail records the data events of every region; a single-region trail only
 * those of its own stack's region (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-regional-and-multi-region-trails).
 * Regions are compared as the cloud assembly knows them. Assumption for the unknown ones:
 * the environment-agnostic stacks of one app are deployed to one region together (as one
 * `cdk deploy` with one default region does), so a single-region trail of such a stack is
 * credited for the stores of the other environment-agnostic stacks, and never for a store
 * in a stack of a known region (nor a trail of a known region for a store of unknown region).
 */
function reachesRegions(trail: AppResourceRef & { resource: CfnTemplateResource }, templates: readonly AppTemplate[], storeRegions: Array<string | undefined>): boolean {
  if (isTrue(trail.resource.Properties?.IsMultiRegionTrail)) return true;
  const trailRegion = templates.find((t) => t.path === trail.templatePath)?.region;
  return storeRegions.every((region) => region === trailRegion);
}

/** What is known of a store's ARN: a symbol for references, and its literal ARN when its name is literal. */
interface StoreTarget {
  readonly dataResourceType: string;
  /** ARN under which every data event of the store falls: `<bucket ARN>/` or the table ARN. */
  readonly symbolic: string;
  /** The resource-name part of that ARN when the name is literal: `<bucket>/` or `<table>`. */
  readonly literal?: string;
  readonly isBucket: boolean;
  /** A stream: the exact ARN of its current stream (`Fn::GetAtt [table, StreamArn]`). */
  readonly exact?: string;
}

function storeTarget(store: PhiStore, templates: readonly AppTemplate[], renderer: ValueRenderer): StoreTarget {
  const isBucket = store.type === 'AWS::S3::Bucket';
  const props = templates.find((t) => t.path === store.templatePath)?.template.Resources?.[store.logicalId]?.Properties ?? {};
  const name = isBucket ? props.BucketName : props.TableName;
  const symbol = renderer.symbol(store.templatePath, store.logicalId);
  return {
    dataResourceType: STORE_TYPES[store.type],
    symbolic: isBucket ? `${symbol}/` : symbol,
    literal: typeof name === 'string' ? (isBucket ? `${name}/` : name) : undefined,
    isBucket,
  };
}

/** The stream of a table store that has one (`StreamSpecification.StreamViewType`): ARN `<table ARN>/stream/<label>`. */
function streamTarget(store: PhiStore, templates: readonly AppTemplate[], renderer: ValueRenderer): StoreTarget | undefined {
  if (store.type === 'AWS::S3::Bucket') return undefined;
  const props = templates.find((t) => t.path === store.templatePath)?.template.Resources?.[store.logicalId]?.Properties ?? {};
  if (props.StreamSpecification?.StreamViewType === undefined) return undefined;
  const table = storeTarget(store, templates, renderer);
  return {
    dataResourceType: 'AWS::DynamoDB::Stream',
    symbolic: `${table.symbolic}/stream/`,
    literal: table.literal === undefined ? undefined : `${table.literal}/stream/`,
    isBucket: false,
    exact: renderer.render({ 'Fn::GetAtt': [store.logicalId, 'StreamArn'] }, store.templatePath),
  };
}

interface Seen { reads: boolean; writes: boolean }

function coverageOf(props: Record<string, any>, templatePath: string, target: StoreTarget, r: ValueRenderer): Seen {
  const seen: Seen = { reads: false, writes: false };
  const add = (reads: boolean, writes: boolean) => { seen.reads ||= reads; seen.writes ||= writes; };
  for (const selector of asList(props.AdvancedEventSelectors)) {
    const fields = asList(selector?.FieldSelectors) as Array<Record<string, any>>;
    const field = (name: string) => fields.filter((f) => f.Field === name);
    if (!field('eventCategory').some((f) => asList(f.Equals).includes('Data'))) continue;
    if (!field('resources.type').some((f) => asList(f.Equals).includes(target.dataResourceType))) continue;
    // A selector narrowed to some event names (or any field we do not model) records only part of the access.
    if (fields.some((f) => !['eventCategory', 'resources.type', 'resources.ARN', 'readOnly'].includes(f.Field))) continue;
    if (!field('resources.ARN').every((f) => arnFieldCovers(f, templatePath, target, r))) continue;
    const readOnly = field('readOnly').flatMap((f) => asList(f.Equals).map(String));
    add(readOnly.length === 0 || readOnly.includes('true'), readOnly.length === 0 || readOnly.includes('false'));
  }
  for (const selector of asList(props.EventSelectors)) {
    const rw = selector?.ReadWriteType ?? 'All';
    for (const resource of asList(selector?.DataResources)) {
      if (resource?.Type !== target.dataResourceType) continue;
      const values = asList(resource.Values).map((v) => r.render(v, templatePath));
      if (values.some((v) => coversByPrefix(v, target))) add(rw === 'All' || rw === 'ReadOnly', rw === 'All' || rw === 'WriteOnly');
    }
  }
  return seen;
}

function arnFieldCovers(f: Record<string, any>, templatePath: string, target: StoreTarget, r: ValueRenderer): boolean {
  const values = (key: string) => asList(f[key]).map((v) => r.render(v, templatePath));
  const known = ['Field', 'Equals', 'StartsWith', 'NotStartsWith', 'NotEquals'];
  if (Object.keys(f).some((k) => !known.includes(k))) return false;
  if (f.Equals !== undefined && !values('Equals').some((v) => !target.isBucket && isExactly(v, target))) return false;
  if (f.StartsWith !== undefined && !values('StartsWith').some((v) => coversByPrefix(v, target))) return false;
  if (f.NotStartsWith !== undefined && values('NotStartsWith').some((v) => excludesByPrefix(v, target))) return false;
  if (f.NotEquals !== undefined && values('NotEquals').some((v) => isExactly(v, target))) return false;
  return true;
}

/** True when every data event ARN of the store starts with `prefix`. */
function coversByPrefix(prefix: string, t: StoreTarget): boolean {
  if (t.exact !== undefined && prefix === t.exact) return true;
  if (prefix.includes(SYMBOL)) return t.symbolic.startsWith(prefix);
  // A literal prefix that stops before the resource name covers every bucket (table) of the account.
  const service = t.isBucket ? 's3:::' : 'dynamodb:';
  if (`arn:${partitionOf(prefix)}:${service}`.startsWith(prefix)) return true;
  return literalNamePrefix(prefix, t, (name, p) => name.startsWith(p));
}

/** True when `value` is exactly the table's (the stream's) ARN. */
function isExactly(value: string, t: StoreTarget): boolean {
  if (t.exact !== undefined) return value === t.exact;
  if (value.includes(SYMBOL)) return value === t.symbolic;
  return !t.isBucket && literalNamePrefix(value, t, (name, v) => name === v);
}

/** True when `prefix` excludes some or all data events of the store. */
function excludesByPrefix(prefix: string, t: StoreTarget): boolean {
  if (prefix.includes(SYMBOL)) return t.symbolic.startsWith(prefix) || prefix.startsWith(t.symbolic);
  return coversByPrefix(prefix, t) || literalNamePrefix(prefix, t, (name, p) => p.startsWith(name));
}

/**
 * Compares the resource-name part of a literal ARN (prefix) with the store's literal name:
 * `arn:<p>:s3:::<name>/` for buckets, `arn:<p>:dynamodb:<region>:<account>:table/<name>` for tables
 * (region and account are not known from the template and are not compared).
 */
function literalNamePrefix(arn: string, t: StoreTarget, compare: (name: string, value: string) => boolean): boolean {
  if (!t.literal) return false;
  const m = t.isBucket ? /^arn:[a-z-]+:s3:::(.*)$/.exec(arn) : /^arn:[a-z-]+:dynamodb:[^:]*:[^:]*:table\/(.*)$/.exec(arn);
  return m !== null && compare(t.literal, m[1]);
}

function partitionOf(arn: string): string {
  return /^arn:([a-z-]+):/.exec(arn)?.[1] ?? 'aws';
}

function asList(value: unknown): any[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

const SYMBOL = '\u0000';

/**
 * Renders a template value to a string: literals as they are, `AWS::Partition` as `aws`, a
 * bucket's or table's ARN as a symbol unique in the app, an `Fn::ImportValue` as the value
 * its export has in the exporting template, anything else as an opaque symbol.
 */
class ValueRenderer {
  private readonly exports = new Map<string, { value: unknown; templatePath: string }>();

  constructor(templates: readonly AppTemplate[]) {
    for (const { path, template } of templates) {
      const outputs = (template as { Outputs?: Record<string, any> }).Outputs ?? {};
      for (const output of Object.values(outputs)) {
        const name = output?.Export?.Name;
        if (typeof name === 'string') this.exports.set(name, { value: output.Value, templatePath: path });
      }
    }
  }

  public symbol(templatePath: string, logicalId: string): string {
    return `${SYMBOL}${templatePath}#${logicalId}${SYMBOL}`;
  }

  public render(value: unknown, templatePath: string): string {
    if (typeof value === 'string') return value;
    if (value === null || typeof value !== 'object') return String(value);
    const v = value as Record<string, any>;
    if (v.Ref === 'AWS::Partition') return 'aws';
    if (Array.isArray(v['Fn::GetAtt']) && v['Fn::GetAtt'][1] === 'Arn') return this.symbol(templatePath, v['Fn::GetAtt'][0]);
    if (Array.isArray(v['Fn::GetAtt']) && v['Fn::GetAtt'][1] === 'StreamArn') return `${this.symbol(templatePath, v['Fn::GetAtt'][0])}/stream/${SYMBOL}label${SYMBOL}`;
    if (Array.isArray(v['Fn::Join']) && v['Fn::Join'][0] === '' && Array.isArray(v['Fn::Join'][1])) {
      return (v['Fn::Join'][1] as unknown[]).map((part) => this.render(part, templatePath)).join('');
    }
    const imported = typeof v['Fn::ImportValue'] === 'string' ? this.exports.get(v['Fn::ImportValue']) : undefined;
    if (imported) return this.render(imported.value, imported.templatePath);
    return `${SYMBOL}opaque:${JSON.stringify(v)}${SYMBOL}`;
  }
}
