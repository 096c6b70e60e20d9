import * as fs from 'node:fs';
import * as path from 'node:path';
import * as protobuf from 'protobufjs';

/**
 * Proves that the hand-written protos under /proto are wire compatible with
 * the Dapr protos shipped inside the official JS SDK (@dapr/dapr), by loading
 * both trees with protobufjs and comparing every message, field, enum and rpc.
 */

const SDK_ROOT = path.join(path.dirname(require.resolve('@dapr/dapr/package.json')), 'proto');
const OUR_ROOT = path.resolve(__dirname, '../../../proto');

const packages = [
  'dapr.proto.common.v1',
  'dapr.proto.internals.v1',
  'dapr.proto.operator.v1',
  'dapr.proto.placement.v1',
  'dapr.proto.runtime.v1',
  'dapr.proto.scheduler.v1',
  'dapr.proto.sentry.v1',
] as const;

const WKT_PREFIX = 'google/protobuf/';

function listProtoFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listProtoFiles(dir, child));
    else if (entry.isFile() && entry.name.endsWith('.proto')) out.push(child);
  }
  return out.sort();
}

/** Dapr .proto files (relative to the root), skipping any vendored google/protobuf copies. */
function daprProtoFiles(rootDir: string): string[] {
  return listProtoFiles(rootDir).filter((f) => f.startsWith('dapr/'));
}

function loadTree(rootDir: string, files: readonly string[]): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin: string, target: string): string => {
    // Well-known types come from protobufjs' bundled definitions (protobuf.common).
    if (target.startsWith(WKT_PREFIX)) return target;
    return path.isAbsolute(target) ? target : path.join(rootDir, target);
  };
  root.loadSync([...files], { keepCase: true });
  root.resolveAll();
  return root;
}

function relFile(rootDir: string, filename: string | null): string {
  if (!filename) return '<unknown>';
  return path.isAbsolute(filename) ? path.relative(rootDir, filename).split(path.sep).join('/') : filename;
}

function optionOf(options: { [k: string]: unknown } | undefined, key: string): unknown {
  return options ? options[key] : undefined;
}

/** Normalised, comparable description of one field. */
interface FieldFacts {
  id: number;
  type: string;
  keyType: string | null;
  rule: string;
  oneof: string | null;
  proto3Optional: boolean;
  deprecated: boolean;
  jsonName: string;
}

interface MessageFacts {
  file: string;
  deprecated: boolean;
  fields: Map<string, FieldFacts>;
  oneofs: Map<string, string[]>;
  reserved: string[];
}

interface EnumFacts {
  file: string;
  values: Map<string, number>;
  reserved: string[];
}

interface MethodFacts {
  requestType: string;
  responseType: string;
  requestStream: boolean;
  responseStream: boolean;
  deprecated: boolean;
}

interface ServiceFacts {
  file: string;
  methods: Map<string, MethodFacts>;
}

interface PackageFacts {
  messages: Map<string, MessageFacts>;
  enums: Map<string, EnumFacts>;
  services: Map<string, ServiceFacts>;
}

/** protoc's default JSON name: drop underscores, upper-casing the letter that follows each one. */
function defaultJsonName(name: string): string {
  return name.replace(/_+([^_]?)/g, (_m, c: string) => c.toUpperCase());
}

const stripDot = (name: string): string => (name.startsWith('.') ? name.slice(1) : name);

function typeNameOf(field: protobuf.Field): string {
  const resolved = field.resolvedType;
  return resolved ? stripDot(resolved.fullName) : field.type;
}

function reservedOf(reserved: Array<number[] | string> | undefined): string[] {
  return (reserved ?? []).map((r) => (typeof r === 'string' ? `name:${r}` : `range:${r[0]}-${r[1]}`)).sort();
}

function describeField(field: protobuf.Field): FieldFacts {
  field.resolve();
  const options = field.options as { [k: string]: unknown } | undefined;
  const proto3Optional = optionOf(options, 'proto3_optional') === true;
  const jsonName = optionOf(options, 'json_name');
  return {
    id: field.id,
    type: typeNameOf(field),
    keyType: field instanceof protobuf.MapField ? field.keyType : null,
    rule: field.map ? 'map' : field.repeated ? 'repeated' : proto3Optional ? 'optional' : 'singular',
    oneof: field.partOf ? field.partOf.name : null,
    proto3Optional,
    deprecated: optionOf(options, 'deprecated') === true,
    jsonName: typeof jsonName === 'string' ? jsonName : defaultJsonName(field.name),
  };
}

function collect(root: protobuf.Root, rootDir: string, pkg: string): PackageFacts {
  const facts: PackageFacts = { messages: new Map(), enums: new Map(), services: new Map() };
  const ns = root.lookup(pkg);
  if (!(ns instanceof protobuf.Namespace)) return facts;

  const visit = (obj: protobuf.ReflectionObject): void => {
    const fullName = stripDot(obj.fullName);
    if (obj instanceof protobuf.Type) {
      const fields = new Map<string, FieldFacts>();
      for (const field of obj.fieldsArray) fields.set(field.name, describeField(field));
      const oneofs = new Map<string, string[]>();
      for (const oneof of obj.oneofsArray) oneofs.set(oneof.name, [...oneof.oneof].sort());
      facts.messages.set(fullName, {
        file: relFile(rootDir, obj.filename),
        deprecated: optionOf(obj.options as { [k: string]: unknown } | undefined, 'deprecated') === true,
        fields,
        oneofs,
        reserved: reservedOf(obj.reserved),
      });
      for (const nested of obj.nestedArray) visit(nested);
    } else if (obj instanceof protobuf.Enum) {
      facts.enums.set(fullName, {
        file: relFile(rootDir, obj.filename),
        values: new Map(Object.entries(obj.values)),
        reserved: reservedOf(obj.reserved),
      });
    } else if (obj instanceof protobuf.Service) {
      const methods = new Map<string, MethodFacts>();
      for (const method of obj.methodsArray) {
        method.resolve();
        const req = method.resolvedRequestType;
        const res = method.resolvedResponseType;
        methods.set(method.name, {
          requestType: req ? stripDot(req.fullName) : `<unresolved ${method.requestType}>`,
          responseType: res ? stripDot(res.fullName) : `<unresolved ${method.responseType}>`,
          requestStream: method.requestStream === true,
          responseStream: method.responseStream === true,
          deprecated: optionOf(method.options as { [k: string]: unknown } | undefined, 'deprecated') === true,
        });
      }
      facts.services.set(fullName, { file: relFile(rootDir, obj.filename), methods });
    }
    // Plain namespaces below a package would be other packages: not ours to walk here.
  };

  for (const nested of ns.nestedArray) visit(nested);
  return facts;
}

function compareScalarProps<T extends object>(where: string, expected: T, actual: T, diffs: string[]): void {
  for (const key of Object.keys(expected) as Array<keyof T>) {
    const e = expected[key];
    const a = actual[key];
    if (JSON.stringify(e) !== JSON.stringify(a)) {
      diffs.push(`${where}: ${String(key)} differs: Dapr has ${JSON.stringify(e)}, ours has ${JSON.stringify(a)}`);
    }
  }
}

function compareKeys<V>(
  what: string,
  expected: Map<string, V>,
  actual: Map<string, V>,
  diffs: string[],
  onBoth: (name: string, e: V, a: V) => void,
): void {
  for (const [name, e] of expected) {
    const a = actual.get(name);
    if (a === undefined) diffs.push(`${what} ${name}: missing in ours`);
    else onBoth(name, e, a);
  }
  for (const name of actual.keys()) {
    if (!expected.has(name)) diffs.push(`${what} ${name}: extra in ours (not in Dapr)`);
  }
}

function diffPackage(expected: PackageFacts, actual: PackageFacts): string[] {
  const diffs: string[] = [];

  compareKeys('message', expected.messages, actual.messages, diffs, (name, e, a) => {
    if (e.file !== a.file) diffs.push(`message ${name}: declared in ${a.file}, Dapr declares it in ${e.file}`);
    if (e.deprecated !== a.deprecated) diffs.push(`message ${name}: deprecated Dapr=${e.deprecated} ours=${a.deprecated}`);
    if (JSON.stringify(e.reserved) !== JSON.stringify(a.reserved)) {
      diffs.push(`message ${name}: reserved Dapr=${JSON.stringify(e.reserved)} ours=${JSON.stringify(a.reserved)}`);
    }
    compareKeys(`message ${name} field`, e.fields, a.fields, diffs, (fieldName, ef, af) =>
      compareScalarProps(`message ${name} field ${fieldName}`, ef, af, diffs),
    );
    compareKeys(`message ${name} oneof`, e.oneofs, a.oneofs, diffs, (oneofName, eo, ao) => {
      if (JSON.stringify(eo) !== JSON.stringify(ao)) {
        diffs.push(`message ${name} oneof ${oneofName}: members Dapr=${JSON.stringify(eo)} ours=${JSON.stringify(ao)}`);
      }
    });
  });

  compareKeys('enum', expected.enums, actual.enums, diffs, (name, e, a) => {
    if (e.file !== a.file) diffs.push(`enum ${name}: declared in ${a.file}, Dapr declares it in ${e.file}`);
    if (JSON.stringify(e.reserved) !== JSON.stringify(a.reserved)) {
      diffs.push(`enum ${name}: reserved Dapr=${JSON.stringify(e.reserved)} ours=${JSON.stringify(a.reserved)}`);
    }
    const ev = new Map([...e.values].map(([k, v]): [string, string] => [k, String(v)]));
    const av = new Map([...a.values].map(([k, v]): [string, string] => [k, String(v)]));
    compareKeys(`enum ${name} value`, ev, av, diffs, (valueName, en, an) => {
      if (en !== an) diffs.push(`enum ${name} value ${valueName}: number Dapr=${en} ours=${an}`);
    });
  });

  compareKeys('service', expected.services, actual.services, diffs, (name, e, a) => {
    if (e.file !== a.file) diffs.push(`service ${name}: declared in ${a.file}, Dapr declares it in ${e.file}`);
    compareKeys(`service ${name} rpc`, e.methods, a.methods, diffs, (methodName, em, am) =>
      compareScalarProps(`service ${name} rpc ${methodName}`, em, am, diffs),
    );
  });

  return diffs;
}

function countFields(facts: PackageFacts): number {
  let n = 0;
  for (const m of facts.messages.values()) n += m.fields.size;
  return n;
}

describe('proto wire compatibility', () => {
  const sdkFiles = daprProtoFiles(SDK_ROOT);
  const ourFiles = daprProtoFiles(OUR_ROOT);
  let sdkRoot: protobuf.Root;
  let ourRoot: protobuf.Root;

  beforeAll(() => {
    sdkRoot = loadTree(SDK_ROOT, sdkFiles);
    ourRoot = loadTree(OUR_ROOT, ourFiles);
  });

  it('ships the same dapr/ proto files as the SDK', () => {
    expect(sdkFiles.length).toBeGreaterThan(0);
    expect(ourFiles).toEqual(sdkFiles);
  });

  it('covers every package the SDK defines', () => {
    const declared = new Set<string>();
    for (const file of sdkFiles) {
      const match = /^\s*package\s+([\w.]+)\s*;/m.exec(fs.readFileSync(path.join(SDK_ROOT, file), 'utf8'));
      if (match?.[1]) declared.add(match[1]);
    }
    expect([...declared].sort()).toEqual([...packages].sort());
  });

  it.each(packages)('package %s matches Dapr 1.16 field by field', (pkg) => {
    const expected = collect(sdkRoot, SDK_ROOT, pkg);
    const actual = collect(ourRoot, OUR_ROOT, pkg);
    // Sanity: the SDK side must actually contain something, else the comparison is vacuous.
    expect(expected.messages.size + expected.enums.size + expected.services.size).toBeGreaterThan(0);
    expect(diffPackage(expected, actual)).toEqual([]);
    expect(countFields(actual)).toBe(countFields(expected));
  });

  describe('google.rpc (not shipped by the SDK; checked against the public Google API shapes)', () => {
    let rpcRoot: protobuf.Root;
    beforeAll(() => {
      rpcRoot = loadTree(OUR_ROOT, ['google/rpc/status.proto', 'google/rpc/error_details.proto']);
    });

    const expectedShapes: Record<string, Record<string, [number, string, string]>> = {
      'google.rpc.Status': {
        code: [1, 'int32', 'singular'],
        message: [2, 'string', 'singular'],
        details: [3, 'google.protobuf.Any', 'repeated'],
      },
      'google.rpc.ErrorInfo': {
        reason: [1, 'string', 'singular'],
        domain: [2, 'string', 'singular'],
        metadata: [3, 'string', 'map'],
      },
      'google.rpc.ResourceInfo': {
        resource_type: [1, 'string', 'singular'],
        resource_name: [2, 'string', 'singular'],
        owner: [3, 'string', 'singular'],
        description: [4, 'string', 'singular'],
      },
      'google.rpc.BadRequest': {
        field_violations: [1, 'google.rpc.BadRequest.FieldViolation', 'repeated'],
      },
      'google.rpc.BadRequest.FieldViolation': {
        field: [1, 'string', 'singular'],
        description: [2, 'string', 'singular'],
      },
      'google.rpc.RetryInfo': {
        retry_delay: [1, 'google.protobuf.Duration', 'singular'],
      },
      'google.rpc.DebugInfo': {
        stack_entries: [1, 'string', 'repeated'],
        detail: [2, 'string', 'singular'],
      },
      'google.rpc.QuotaFailure': {
        violations: [1, 'google.rpc.QuotaFailure.Violation', 'repeated'],
      },
      'google.rpc.QuotaFailure.Violation': {
        subject: [1, 'string', 'singular'],
        description: [2, 'string', 'singular'],
      },
      'google.rpc.PreconditionFailure': {
        violations: [1, 'google.rpc.PreconditionFailure.Violation', 'repeated'],
      },
      'google.rpc.PreconditionFailure.Violation': {
        type: [1, 'string', 'singular'],
        subject: [2, 'string', 'singular'],
        description: [3, 'string', 'singular'],
      },
      'google.rpc.RequestInfo': {
        request_id: [1, 'string', 'singular'],
        serving_data: [2, 'string', 'singular'],
      },
      'google.rpc.Help': {
        links: [1, 'google.rpc.Help.Link', 'repeated'],
      },
      'google.rpc.Help.Link': {
        description: [1, 'string', 'singular'],
        url: [2, 'string', 'singular'],
      },
      'google.rpc.LocalizedMessage': {
        locale: [1, 'string', 'singular'],
        message: [2, 'string', 'singular'],
      },
    };

    it.each(Object.keys(expectedShapes))('%s has the expected fields', (typeName) => {
      const type = rpcRoot.lookupType(typeName);
      const shape = expectedShapes[typeName] ?? {};
      const actual: Record<string, [number, string, string]> = {};
      for (const field of type.fieldsArray) {
        const f = describeField(field);
        // The brief only pins down these fields; extra, newer Google fields are tolerated.
        if (field.name in shape) actual[field.name] = [f.id, f.type, f.rule];
      }
      expect(actual).toEqual(shape);
      if (typeName === 'google.rpc.ErrorInfo') {
        const metadata = type.fields['metadata'];
        expect(metadata instanceof protobuf.MapField ? metadata.keyType : null).toBe('string');
      }
    });
  });
});
