package io.runnel.bench.peers;

import io.runnel.runtime.nexmark.NexmarkQueries;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableConfig;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.codehaus.commons.compiler.CompilerFactoryFactory;

/**
 * Nexmark queries on Apache Flink in this JVM: one {@link MiniCluster}, started once and shared by every query
 * (a query's cost then holds its planning, code generation, deployment and run, but not starting a cluster), a
 * fresh {@link StreamTableEnvironment} per query in streaming mode, the Flink Nexmark suite's source table and
 * views over Runnel's generator, and the query's result written to a {@code blackhole} table. Settings are the
 * suite's published ones that make sense in one JVM: mini-batch (2 s, 50,000 rows) and split distinct
 * aggregation; object reuse; the heap state backend and no checkpoints (the published runs checkpoint to
 * RocksDB/ForSt on a cluster, which only adds cost here).
 */
final class FlinkNexmark implements AutoCloseable {
  private static final String TARGET = "runnel-shared-minicluster";

  private final int parallelism;
  private final boolean miniBatch;
  private final boolean splitDistinct;
  private final String sinkConnector;
  private final MiniCluster cluster;
  private final PipelineExecutorServiceLoader executors;

  FlinkNexmark(int parallelism, boolean miniBatch, boolean splitDistinct, boolean countRows) throws Exception {
    this.parallelism = parallelism;
    this.miniBatch = miniBatch;
    this.splitDistinct = splitDistinct;
    this.sinkConnector = countRows ? CountingSinkFactory.IDENTIFIER : "blackhole";
    // Runnel's Janino (3.1.12, which finds its compiler through ServiceLoader) comes before the older copy
    // flink-table-runtime bundles. Calcite inside Flink's planner asks for the compiler through the planner's
    // own class loader, which does not see that service file; resolving it once through this class loader
    // (Janino keeps it) is what Runnel's first query would do anyway, and makes the order not matter.
    CompilerFactoryFactory.getDefaultCompilerFactory(FlinkNexmark.class.getClassLoader());
    Configuration conf = new Configuration();
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
    this.cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf).setNumTaskManagers(1)
        .setNumSlotsPerTaskManager(parallelism).withRandomPorts().build());
    cluster.start();
    PipelineExecutor executor = (Pipeline pipeline, Configuration configuration, ClassLoader classLoader) -> {
      StreamGraph graph = PipelineExecutorUtils.getStreamGraph(pipeline, configuration);
      graph.serializeUserDefinedInstances();
      return cluster.submitJob(graph).thenApply(submitted -> (JobClient)
          new MiniClusterJobClient(submitted.getJobID(), cluster, classLoader, MiniClusterJobClient.JobFinalizationBehavior.NOTHING));
    };
    PipelineExecutorFactory factory = new PipelineExecutorFactory() {
      @Override
      public String getName() {
        return TARGET;
      }

      @Override
      public boolean isCompatibleWith(Configuration configuration) {
        return TARGET.equals(configuration.get(DeploymentOptions.TARGET));
      }

      @Override
      public PipelineExecutor getExecutor(Configuration configuration) {
        return executor;
      }
    };
    this.executors = new PipelineExecutorServiceLoader() {
      @Override
      public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
        return factory;
      }

      @Override
      public Stream<String> getExecutorNames() {
        return Stream.of(TARGET);
      }
    };
  }

  /** The SQL a query runs on Flink, or null when there is none: Runnel's query text (the Flink suite's own, CEP workloads included). */
  static String select(String query) {
    return NexmarkQueries.select(query);
  }

  /**
   * Runs {@code query} over events {@code [0, events)} until the bounded source is exhausted and the job has
   * finished.
   */
  void run(String query, long events) throws Exception {
    String select = select(query);
    if (select == null) {
      throw new IllegalArgumentException("No query " + query + " in the Nexmark suite");
    }
    Configuration conf = new Configuration();
    conf.set(DeploymentOptions.TARGET, TARGET);
    conf.set(DeploymentOptions.ATTACHED, true);
    conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
    conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
    conf.set(PipelineOptions.OBJECT_REUSE, true);
    conf.set(PipelineOptions.NAME, "nexmark-" + query);
    StreamExecutionEnvironment env = new StreamExecutionEnvironment(executors, conf, FlinkNexmark.class.getClassLoader());
    StreamTableEnvironment tables = StreamTableEnvironment.create(env, EnvironmentSettings.newInstance().inStreamingMode().build());
    configure(tables.getConfig());
    for (String statement : statements(ddl(events))) {
      tables.executeSql(statement);
    }
    for (String statement : statements(setup(query))) {
      tables.executeSql(statement);
    }
    Table result = tables.sqlQuery(select);
    result.executeInsert(TableDescriptor.forConnector(sinkConnector).build()).await();
  }

  /** Flink's plan for {@code query}, for the record. */
  String explain(String query, long events) {
    Configuration conf = new Configuration();
    conf.set(DeploymentOptions.TARGET, TARGET);
    conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
    StreamExecutionEnvironment env = new StreamExecutionEnvironment(executors, conf, FlinkNexmark.class.getClassLoader());
    StreamTableEnvironment tables = StreamTableEnvironment.create(env, EnvironmentSettings.newInstance().inStreamingMode().build());
    configure(tables.getConfig());
    statements(ddl(events)).forEach(tables::executeSql);
    statements(setup(query)).forEach(tables::executeSql);
    return tables.sqlQuery(select(query)).insertInto(TableDescriptor.forConnector(sinkConnector).build()).explain();
  }

  /** The Flink Nexmark suite's table settings (its config.yaml): mini-batch and split distinct aggregation. */
  private void configure(TableConfig config) {
    config.set("table.exec.mini-batch.enabled", Boolean.toString(miniBatch));
    if (miniBatch) {
      config.set("table.exec.mini-batch.allow-latency", "2 s");
      config.set("table.exec.mini-batch.size", "50000");
    }
    config.set("table.optimizer.distinct-agg.split.enabled", Boolean.toString(splitDistinct));
  }

  /**
   * The statements a query needs first, with q14's function bound to {@link FlinkCountChar}, and q13's side
   * input a lookup table ({@link SideInputFactory}) where Runnel fills a table with its rows.
   */
  static String setup(String query) {
    if (query.equals("q13")) {
      return "CREATE TABLE side_input (key BIGINT, `value` VARCHAR, PRIMARY KEY (key) NOT ENFORCED) WITH ('connector' = '" + SideInputFactory.IDENTIFIER + "')";
    }
    return NexmarkQueries.setup(query).replaceAll("AS\\s+'[\\w.$]+CountChar'", "AS '" + FlinkCountChar.class.getName() + "'");
  }

  static String ddl(long events) {
    try (InputStream in = FlinkNexmark.class.getResourceAsStream("nexmark-flink.sql")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${EVENTS}", Long.toString(events)).replace("${RATE}", "10000");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Splits a script on semicolons, dropping {@code --} comment lines. */
  static List<String> statements(String script) {
    StringBuilder text = new StringBuilder();
    for (String line : script.split("\n")) {
      if (!line.strip().startsWith("--")) {
        text.append(line).append('\n');
      }
    }
    List<String> out = new ArrayList<>();
    for (String statement : text.toString().split(";")) {
      if (!statement.isBlank()) {
        out.add(statement.strip());
      }
    }
    return out;
  }

  @Override
  public void close() throws ExecutionException {
    CompletableFuture<Void> closed = cluster.closeAsync();
    try {
      closed.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
