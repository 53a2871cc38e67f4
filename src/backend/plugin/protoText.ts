/**
 * The wire protocol between Grafana (a hashicorp/go-plugin client) and this executable, written from
 * the field numbers of Grafana's plugin SDK (`proto/backend.proto`, package `pluginv2`), go-plugin's
 * internal services (package `plugin`) and the standard gRPC health service. Only field numbers,
 * types and the `/package.Service/Method` paths travel on the wire; they must never change.
 *
 * Kept as strings so the bundle and the compiled executable need no files beside them; the Go test
 * peer writes them to disk and compiles them with protoc.
 */

export const PLUGINV2_PROTO = `syntax = "proto3";
package pluginv2;
option go_package = "./;pluginv2";

message AppInstanceSettings {
  bytes jsonData = 3;
  map<string, string> decryptedSecureJsonData = 4;
  int64 lastUpdatedMS = 5;
  string apiVersion = 6;
}

message DataSourceInstanceSettings {
  int64 id = 1;
  string name = 2;
  string url = 3;
  string user = 4;
  string database = 5;
  bool basicAuthEnabled = 6;
  string basicAuthUser = 7;
  bytes jsonData = 8;
  map<string, string> decryptedSecureJsonData = 9;
  int64 lastUpdatedMS = 10;
  string uid = 11;
  string apiVersion = 12;
}

message User {
  string login = 1;
  string name = 2;
  string email = 3;
  string role = 4;
}

message PluginContext {
  int64 orgId = 1;
  string pluginId = 2;
  User user = 3;
  AppInstanceSettings appInstanceSettings = 4;
  DataSourceInstanceSettings dataSourceInstanceSettings = 5;
  map<string, string> grafanaConfig = 6;
  string pluginVersion = 7;
  string userAgent = 8;
  string apiVersion = 9;
  string namespace = 10;
}

message StringList {
  repeated string values = 1;
}

message CallResourceRequest {
  PluginContext pluginContext = 1;
  string path = 2;
  string method = 3;
  string url = 4;
  map<string, StringList> headers = 5;
  bytes body = 6;
}

message CallResourceResponse {
  int32 code = 1;
  map<string, StringList> headers = 2;
  bytes body = 3;
}

enum DataFrameFormat {
  ARROW = 0;
  JSON = 1;
}

message TimeRange {
  int64 fromEpochMS = 1;
  int64 toEpochMS = 2;
}

message DataQuery {
  string refId = 1;
  int64 maxDataPoints = 2;
  int64 intervalMS = 3;
  TimeRange timeRange = 4;
  bytes json = 5;
  string queryType = 6;
}

message QueryDataRequest {
  PluginContext pluginContext = 1;
  map<string, string> headers = 2;
  repeated DataQuery queries = 3;
  DataFrameFormat format = 4;
}

message QueryDataResponse {
  map<string, DataResponse> responses = 1;
}

message DataResponse {
  repeated bytes frames = 1;
  string error = 2;
  bytes jsonMeta = 3;
  int32 status = 4;
  string errorSource = 5;
  DataFrameFormat format = 6;
}

message CollectMetricsRequest {
  PluginContext pluginContext = 1;
}

message CollectMetricsResponse {
  message Payload {
    bytes prometheus = 1;
  }
  Payload metrics = 1;
}

message CheckHealthRequest {
  PluginContext pluginContext = 1;
  map<string, string> headers = 2;
}

message CheckHealthResponse {
  enum HealthStatus {
    UNKNOWN = 0;
    OK = 1;
    ERROR = 2;
  }
  HealthStatus status = 1;
  string message = 2;
  bytes jsonDetails = 3;
}

service Resource {
  rpc CallResource(CallResourceRequest) returns (stream CallResourceResponse);
}

service Data {
  rpc QueryData(QueryDataRequest) returns (QueryDataResponse);
}

service Diagnostics {
  rpc CheckHealth(CheckHealthRequest) returns (CheckHealthResponse);
  rpc CollectMetrics(CollectMetricsRequest) returns (CollectMetricsResponse);
}
`;

/** go-plugin's controller and stdio services (`internal/plugin/grpc_controller.proto`, `grpc_stdio.proto`). */
export const GO_PLUGIN_PROTO = `syntax = "proto3";
package plugin;
option go_package = "./;plugin";

message Empty {
}

message StdioData {
  enum Channel {
    INVALID = 0;
    STDOUT = 1;
    STDERR = 2;
  }
  Channel channel = 1;
  bytes data = 2;
}

service GRPCController {
  rpc Shutdown(Empty) returns (Empty);
}

service GRPCStdio {
  rpc StreamStdio(Empty) returns (stream StdioData);
}
`;

/** The standard gRPC health service (`grpc/health/v1/health.proto`), as go-plugin's Ping() calls it. */
export const HEALTH_PROTO = `syntax = "proto3";
package grpc.health.v1;
option go_package = "./;grpc_health_v1";

message HealthCheckRequest {
  string service = 1;
}

message HealthCheckResponse {
  enum ServingStatus {
    UNKNOWN = 0;
    SERVING = 1;
    NOT_SERVING = 2;
    SERVICE_UNKNOWN = 3;
  }
  ServingStatus status = 1;
}

service Health {
  rpc Check(HealthCheckRequest) returns (HealthCheckResponse);
}
`;

/** File names (as protoc sees them) for each definition. */
export const PROTO_FILES: Record<string, string> = {
  'pluginv2/backend.proto': PLUGINV2_PROTO,
  'plugin/grpc_controller.proto': GO_PLUGIN_PROTO,
  'grpc_health_v1/health.proto': HEALTH_PROTO,
};
