/**
 * gRPC service definitions for @grpc/grpc-js built from the protocol text (protoText.ts) with
 * protobufjs. Messages are decoded to plain objects with int64 as decimal strings, enums as names and
 * bytes as Buffers, and encoded from the same shape.
 */
import type { ServiceDefinition, MethodDefinition } from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { GO_PLUGIN_PROTO, HEALTH_PROTO, PLUGINV2_PROTO } from './protoText';

export type Message = Record<string, unknown>;

const root = new protobuf.Root();
for (const text of [PLUGINV2_PROTO, GO_PLUGIN_PROTO, HEALTH_PROTO]) {
  protobuf.parse(text, root, { keepCase: true });
}
root.resolveAll();

const toObjectOptions: protobuf.IConversionOptions = {
  longs: String,
  enums: String,
  bytes: Buffer,
  defaults: true,
  arrays: true,
  objects: true,
};

/** Encodes a plain object as the named message (`pluginv2.QueryDataResponse`, …). */
export function encodeMessage(typeName: string, value: Message): Buffer {
  const type = root.lookupType(typeName);
  const message = type.fromObject(value);
  const invalid = type.verify(message);
  if (invalid) throw new Error(`invalid ${typeName}: ${invalid}`);
  return Buffer.from(type.encode(message).finish());
}

/** Decodes bytes of the named message into a plain object (all fields present, defaults filled in). */
export function decodeMessage(typeName: string, bytes: Uint8Array): Message {
  const type = root.lookupType(typeName);
  return type.toObject(type.decode(bytes), toObjectOptions);
}

/** A grpc-js service definition for `package.Service`, usable by both servers and clients. */
export function serviceDefinition(serviceName: string): ServiceDefinition {
  const service = root.lookupService(serviceName);
  const definition: Record<string, MethodDefinition<Message, Message>> = {};
  for (const method of service.methodsArray) {
    method.resolve();
    const requestType = method.resolvedRequestType!.fullName.replace(/^\./, '');
    const responseType = method.resolvedResponseType!.fullName.replace(/^\./, '');
    definition[method.name] = {
      path: `/${serviceName}/${method.name}`,
      requestStream: Boolean(method.requestStream),
      responseStream: Boolean(method.responseStream),
      requestSerialize: (value: Message) => encodeMessage(requestType, value),
      requestDeserialize: (bytes: Buffer) => decodeMessage(requestType, bytes),
      responseSerialize: (value: Message) => encodeMessage(responseType, value),
      responseDeserialize: (bytes: Buffer) => decodeMessage(responseType, bytes),
      originalName: method.name,
    };
  }
  return definition;
}

export const SERVICES = {
  data: 'pluginv2.Data',
  diagnostics: 'pluginv2.Diagnostics',
  resource: 'pluginv2.Resource',
  health: 'grpc.health.v1.Health',
  controller: 'plugin.GRPCController',
  stdio: 'plugin.GRPCStdio',
} as const;
