#!/usr/bin/env bash
# A real single-node Kafka broker (KRaft, broker+controller in one JVM) on 127.0.0.1, from
# Maven Central jars, for tests and local runs without Docker.
#
#   deploy/kafka-local/kafka.sh start [port]   resolve jars if needed, format fresh storage, start,
#                                              wait until it answers; prints KAFKA_BROKERS=host:port
#   deploy/kafka-local/kafka.sh start --keep-data [port]
#                                              start on the storage (topics, offsets) of the last run,
#                                              on its port unless one is given
#   deploy/kafka-local/kafka.sh restart        stop, then start --keep-data (a broker outage)
#   deploy/kafka-local/kafka.sh stop           stop the broker started from this folder
#   deploy/kafka-local/kafka.sh status
#
# State lives under deploy/kafka-local/run/ (git-ignored), or under $KAFKA_LOCAL_HOME when set
# (a second broker of its own, e.g. for a test that stops it); a plain start formats a new log dir.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
run="${KAFKA_LOCAL_HOME:-$here/run}"
lib="$here/lib"
pidfile="$run/broker.pid"

resolve_jars() {
  if [ -f "$lib/.complete" ]; then return; fi
  command -v java >/dev/null || { echo "kafka-local: java is not installed (Java 17 is needed)" >&2; exit 1; }
  command -v mvn >/dev/null || { echo "kafka-local: mvn is not installed (Maven resolves the Kafka jars)" >&2; exit 1; }
  echo "kafka-local: resolving Apache Kafka jars from Maven Central" >&2
  rm -rf "$lib"
  (cd "$here" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
      -DoutputDirectory="$lib" -DincludeScope=runtime >&2)
  touch "$lib/.complete"
}

running() {
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

start() {
  local keep=false
  if [ "${1:-}" = "--keep-data" ]; then keep=true; shift; fi
  if running; then
    echo "KAFKA_BROKERS=$(cat "$run/brokers")"
    return
  fi
  if $keep && [ ! -f "$run/data/meta.properties" ]; then
    echo "kafka-local: no storage to keep under $run/data; start without --keep-data first" >&2
    exit 1
  fi
  local last_port=""
  if $keep && [ -f "$run/brokers" ]; then last_port="$(sed 's/.*://' "$run/brokers")"; fi
  local port="${1:-${last_port:-${KAFKA_LOCAL_PORT:-39092}}}"
  local controller_port=$((port + 1))
  resolve_jars
  if ! $keep; then rm -rf "$run/data"; fi
  rm -f "$run/started-by"
  mkdir -p "$run/data"
  cat > "$run/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${controller_port}
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller_port}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=${run}/data
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
# Consumers of a crashed process are replaced within KAFKA_SESSION_TIMEOUT_MS: allow under 5 s.
group.min.session.timeout.ms=1000
auto.create.topics.enable=true
PROPS
  cat > "$run/log4j.properties" <<'PROPS'
log4j.rootLogger=WARN, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=${kafka.logs.dir}/broker.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaServer=INFO
log4j.logger.kafka.server.KafkaRaftServer=INFO
PROPS
  local cp="$lib/*"
  local jvm=(-Xms256m -Xmx512m -XX:+UseSerialGC -Dkafka.logs.dir="$run" -Dlog4j.configuration="file:$run/log4j.properties")
  if ! $keep; then
    local cluster_id
    cluster_id="$(java "${jvm[@]}" -cp "$cp" kafka.tools.StorageTool random-uuid)"
    java "${jvm[@]}" -cp "$cp" kafka.tools.StorageTool format -t "$cluster_id" -c "$run/server.properties" >"$run/format.log" 2>&1
  fi
  # The readiness check below reads this log: start it empty, so an earlier run's lines never count.
  : > "$run/broker.log"
  nohup java "${jvm[@]}" -cp "$cp" kafka.Kafka "$run/server.properties" >"$run/stdout.log" 2>&1 &
  echo $! > "$pidfile"
  echo "127.0.0.1:${port}" > "$run/brokers"
  for _ in $(seq 1 120); do
    if ! running; then
      echo "kafka-local: the broker exited; see $run/stdout.log and $run/broker.log" >&2
      tail -20 "$run/stdout.log" >&2 || true
      exit 1
    fi
    if grep -q "Kafka Server started\|KafkaRaftServer.*started\|Transitioning from RECOVERY to RUNNING" "$run/broker.log" 2>/dev/null \
       && (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
      echo "KAFKA_BROKERS=127.0.0.1:${port}"
      return
    fi
    sleep 0.5
  done
  echo "kafka-local: the broker did not answer within 60 s; see $run/broker.log" >&2
  stop
  exit 1
}

stop() {
  if running; then
    local pid
    pid="$(cat "$pidfile")"
    kill "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile" "$run/started-by"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  restart) stop; start --keep-data ;;
  stop) stop ;;
  status) if running; then echo "running: $(cat "$run/brokers")"; else echo "stopped"; exit 1; fi ;;
  resolve) resolve_jars ;;
  *) echo "usage: $0 start [--keep-data] [port] | restart | stop | status | resolve   (KAFKA_LOCAL_HOME: another run folder)" >&2; exit 2 ;;
esac
