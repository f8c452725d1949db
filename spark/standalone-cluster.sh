#!/usr/bin/env bash
# Starts a Spark standalone cluster on this machine (a master and two workers of one core each), submits an
# application jar to it with spark-submit, and stops the cluster afterwards. Spark comes from the Maven
# repository (the spark module's provided dependencies); no Spark distribution is needed.
#
#   spark/standalone-cluster.sh [main class] [application arguments...]
#
# The default runs the MNIST example on the cluster: dev.chainrule.examples.MnistOnSpark, with its options
# passed as -D flags through DRIVER_OPTS, e.g. DRIVER_OPTS="-Depochs=1 -Dpartitions=2". APP_JAR names
# another application jar (default examples/target/chainrule-spark-app.jar; the script builds both it and
# bench/target/benchmarks.jar).
set -euo pipefail
cd "$(dirname "$0")/.."

main=${1:-dev.chainrule.examples.MnistOnSpark}
shift || true
work=spark/target/standalone
mkdir -p "$work"

app=${APP_JAR:-examples/target/chainrule-spark-app.jar}
echo "== building the application jars and Spark's class path"
mvn -B -q -pl examples,bench -am package -DskipTests -P spark-app
# (the reactor must package the modules for the class path to resolve; Chainrule's own jars are left out)
mvn -B -q -pl spark -am -DskipTests package dependency:build-classpath -Dmdep.includeScope=provided \
  -DexcludeGroupIds=dev.chainrule -Dmdep.outputFile="$PWD/$work/spark-classpath.txt" >/dev/null
spark_cp=$(cat "$work/spark-classpath.txt")

# A worker launches its executors from $SPARK_HOME/jars: make one out of the same jars
home="$work/spark-home"
rm -rf "$home" && mkdir -p "$home/jars"
tr ':' '\n' <<<"$spark_cp" | while read -r jar; do ln -s "$jar" "$home/jars/"; done
export SPARK_HOME="$PWD/$home"
export SPARK_SCALA_VERSION=2.13 # else the launcher looks for a source build of Spark

# The module flags Spark's own launcher passes to its JVMs, and the Vector API for Chainrule's kernels
opens=$(sed -n 's/^\(--add-opens=.*\|-D.*\|-XX:.*\)$/\1/p' .mvn/jvm.config | tr '\n' ' ')
vector="--add-modules jdk.incubator.vector"

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "== starting the master on spark://127.0.0.1:7077 and two workers"
java $opens -cp "$spark_cp" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 7077 --webui-port 8080 \
  >"$work/master.log" 2>&1 &
pids+=($!)
for w in 1 2; do
  java $opens -cp "$spark_cp" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 2g \
    --webui-port $((8080 + w)) --work-dir "$PWD/$work/worker-$w" spark://127.0.0.1:7077 >"$work/worker-$w.log" 2>&1 &
  pids+=($!)
done
for _ in $(seq 1 60); do
  [ "$(grep -c 'Successfully registered with master' "$work"/worker-*.log 2>/dev/null | awk -F: '{s+=$2} END {print s}')" = 2 ] && break
  sleep 1
done

echo "== spark-submit $main (client mode: the driver runs here)"
java $opens $vector ${DRIVER_OPTS:-} -cp "$spark_cp" org.apache.spark.deploy.SparkSubmit \
  --master spark://127.0.0.1:7077 --deploy-mode client --class "$main" \
  --conf spark.ui.enabled=false \
  --conf "spark.executor.extraJavaOptions=$vector" \
  --conf spark.executor.cores=1 --conf spark.executor.memory=1g \
  "$app" "$@"
