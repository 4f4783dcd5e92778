import { getMetadataStorage } from 'class-validator';

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
type Rules = ReturnType<MetadataStorage['getTargetValidationMetadatas']>;
type Grouped = ReturnType<MetadataStorage['groupByPropertyName']>;
type Target = Parameters<MetadataStorage['getTargetValidationMetadatas']>[0];

const cached = new WeakSet<MetadataStorage>();

/**
 * Makes class-validator look up a class's rules once instead of on every validation.
 *
 * For each object it validates (a request body and every nested object in it), class-validator
 * asks its metadata storage for the class's rules: `getTargetValidationMetadatas` filters the
 * class's rules and then walks the rules of every decorated class of the application, testing
 * each for inheritance, and `groupByPropertyName` builds a fresh map of the result. With the
 * platform's few hundred decorated classes that was a fifth of the validation pipe's time and
 * about 30 KB of garbage per referral (bench:http, a heap profile of the server at 300/s).
 *
 * The answer depends only on the arguments and on the rules registered, so it is kept per class
 * and options, and forgotten whenever a rule, constraint or schema is added (classes declared
 * after the first validation, and mapped types that copy a parent's rules, are seen as before).
 * Callers get the same array each time; class-validator and Nest's ValidationPipe only read it.
 * Installing twice on one storage is a no-op.
 */
export function cacheValidationMetadata(storage: MetadataStorage = getMetadataStorage()): void {
  if (cached.has(storage)) return;
  cached.add(storage);

  let byTarget = new Map<Target, Map<string, Rules>>();
  /** The grouping of each array this cache handed out (undefined until first asked). */
  let grouping = new WeakMap<Rules, Grouped | undefined>();
  const forget = () => {
    byTarget = new Map();
    grouping = new WeakMap();
  };

  // Every way a rule, constraint or schema is registered drops what was looked up before it.
  for (const name of ['addValidationMetadata', 'addConstraintMetadata', 'addValidationSchema'] as const) {
    const add = storage[name].bind(storage) as (registered: never) => void;
    (storage[name] as (registered: never) => void) = (registered) => {
      forget();
      add(registered);
    };
  }

  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    let byOptions = byTarget.get(target);
    if (!byOptions) byTarget.set(target, (byOptions = new Map()));
    // NUL cannot appear in a schema name or group that anyone writes: the parts stay apart.
    const key = `${schema ?? ''}\u0000${always ? 1 : 0}\u0000${strictGroups ? 1 : 0}\u0000${groups ? `[${groups.join('\u0000')}` : ''}`;
    let rules = byOptions.get(key);
    if (!rules) {
      byOptions.set(key, (rules = lookUp(target, schema, always, strictGroups, groups)));
      grouping.set(rules, undefined);
    }
    return rules;
  };

  const group = storage.groupByPropertyName.bind(storage);
  storage.groupByPropertyName = (rules) => {
    // Only arrays handed out above are known not to change; any other is grouped afresh.
    if (!grouping.has(rules)) return group(rules);
    let grouped = grouping.get(rules);
    if (!grouped) grouping.set(rules, (grouped = group(rules)));
    return grouped;
  };
}
