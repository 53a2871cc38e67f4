#!/usr/bin/env bash
# Installs the Debian packages the tests need when missing and makes sure PostgreSQL and NATS JetStream answer.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v victoria-metrics >/dev/null 2>&1 || [ -x /usr/bin/victoria-metrics ] || need+=(victoria-metrics)
command -v prometheus-alertmanager >/dev/null 2>&1 || need+=(prometheus-alertmanager)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ] || need+=(nats-server)
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
# The backend peer test: a go-plugin client built offline in GOPATH mode from Debian's Go packages.
command -v go >/dev/null 2>&1 || need+=(golang-go)
[ -d /usr/share/gocode/src/github.com/hashicorp/go-plugin ] || need+=(golang-github-hashicorp-go-plugin-dev)
[ -d /usr/share/gocode/src/google.golang.org/grpc ] || need+=(golang-google-grpc-dev)
[ -d /usr/share/gocode/src/google.golang.org/protobuf ] || need+=(golang-google-protobuf-dev)
command -v protoc >/dev/null 2>&1 || need+=(protobuf-compiler)
command -v protoc-gen-go >/dev/null 2>&1 || need+=(protoc-gen-go)
command -v protoc-gen-go-grpc >/dev/null 2>&1 || need+=(protoc-gen-go-grpc)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

port_open() { (echo >"/dev/tcp/127.0.0.1/$1") >/dev/null 2>&1; }

if ! port_open 5432; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
fi
if ! port_open 4222; then
  echo "starting NATS with JetStream"
  mkdir -p /var/lib/nats-server
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
fi
for i in $(seq 1 60); do
  if port_open 5432 && port_open 4222; then break; fi
  sleep 0.5
done
port_open 5432 || { echo "PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 1; }
port_open 4222 || { echo "NATS does not answer on 127.0.0.1:4222" >&2; exit 1; }
psql -h 127.0.0.1 -U postgres -d postgres -tAc 'select 1' >/dev/null
echo "system ready"
