package dev.chainrule.examples;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradScope;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.data.DataLoader;
import dev.chainrule.nn.data.Dataset;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.loss.CrossEntropy;
import dev.chainrule.nn.loss.Loss;
import dev.chainrule.nn.loss.MeanSquaredError;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.Sgd;
import dev.chainrule.nn.train.Metric;
import dev.chainrule.nn.train.StoppingCriterion;
import dev.chainrule.nn.train.Trainer;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Small sigmoid MLPs on four classic tabular data sets (see {@code data/README.md} in the resources):
 * classification of Iris, Wine and Breast Cancer (test accuracy), and regression on Diabetes (test R² and
 * RMSE). Each data set is split 70/30 by a seeded shuffle, features are standardised with the training
 * split's statistics, and one hidden layer of sigmoid units is trained by SGD with momentum in
 * mini-batches of 16.
 */
public final class Tabular {
  private static final double TRAIN_FRACTION = 0.7;
  private static final int BATCH = 16;

  private Tabular() {}

  /**
   * How one data set is trained.
   *
   * @param hidden sigmoid units in the hidden layer
   * @param epochs passes over the training split
   * @param learningRate ε of SGD (momentum 0.9)
   */
  record Setup(int hidden, int epochs, double learningRate) {}

  /**
   * One data set's test figures.
   *
   * @param name the data set
   * @param trainSize examples in the training split
   * @param testSize examples in the test split
   * @param accuracy test accuracy (NaN for regression)
   * @param r2 test coefficient of determination (NaN for classification)
   * @param rmse test root-mean-square error in the target's units (NaN for classification)
   */
  public record Score(String name, int trainSize, int testSize, double accuracy, double r2, double rmse) {
    /** The headline figure: accuracy for classification, R² for regression. */
    public double figure() {
      return Double.isNaN(accuracy) ? r2 : accuracy;
    }

    @Override
    public String toString() {
      String figures = Double.isNaN(accuracy) ? String.format("R² %.3f, RMSE %.1f", r2, rmse)
          : String.format("accuracy %.1f %%", 100 * accuracy);
      return String.format("%-18s train %3d, test %3d: %s", name, trainSize, testSize, figures);
    }
  }

  /** Trains a classifier on {@code file} with the split drawn from {@code seed}; returns its test accuracy. */
  static Score classify(String file, Setup setup, long seed) {
    TabularData.Table table = TabularData.classification(file);
    Dataset[] split = table.examples().split(TRAIN_FRACTION, new Random(seed));
    Dataset[] data = TabularData.standardize(split[0], split[1]);
    int features = data[0].features().shape().dim(1);
    Sequential model = mlp(features, setup.hidden(), table.classNames().size(), seed);
    Trainer trainer = train(model, CrossEntropy.mean(), setup, data[0], seed).withMetrics(Metric.accuracy());
    double accuracy = trainer.evaluate(data[1]).metrics().get("accuracy");
    return new Score(file, data[0].size(), data[1].size(), accuracy, Double.NaN, Double.NaN);
  }

  /** Trains a regression network on Diabetes, targets standardised too; returns test R² and RMSE. */
  static Score regressDiabetes(Setup setup, long seed) {
    TabularData.Table table = TabularData.regression("diabetes_data_raw.csv.gz", "diabetes_target.csv.gz");
    Dataset[] split = table.examples().split(TRAIN_FRACTION, new Random(seed));
    Dataset[] data = TabularData.standardize(split[0], split[1]);
    TabularData.Scaling y = TabularData.Scaling.fit(data[0].targets());
    Dataset train = new Dataset(data[0].features(), y.apply(data[0].targets()));
    Sequential model = mlp(train.features().shape().dim(1), setup.hidden(), 1, seed);
    train(model, MeanSquaredError.mean(), setup, train, seed);
    NdArray predicted;
    try (GradScope noGrad = Autodiff.noGrad()) {
      predicted = y.invert(model.forward(Tensor.of(data[1].features())).value());
    }
    NdArray actual = data[1].targets();
    double residual = squaredSum(Tensor.of(actual).sub(Tensor.of(predicted)).value());
    double total = squaredSum(Tensor.of(actual).sub(mean(actual)).value());
    double rmse = Math.sqrt(residual / actual.size());
    return new Score("diabetes", train.size(), actual.size(), Double.NaN, 1 - residual / total, rmse);
  }

  private static Sequential mlp(int in, int hidden, int out, long seed) {
    Random random = new Random(seed);
    return Sequential.of(Linear.create(in, hidden, random), Activation.sigmoid(), Linear.create(hidden, out, random));
  }

  private static Trainer train(Sequential model, Loss loss, Setup setup, Dataset train, long seed) {
    Optimizer sgd = Optimizer.create(Sgd.withMomentum(setup.learningRate(), 0.9), model.parameters());
    Trainer trainer = Trainer.create(model, loss, sgd).stopWhen(StoppingCriterion.maxEpochs(setup.epochs()));
    trainer.fit(DataLoader.shuffled(train, BATCH, seed));
    return trainer;
  }

  private static double squaredSum(NdArray x) {
    return Tensor.of(x).square().sum().item();
  }

  private static double mean(NdArray x) {
    return Tensor.of(x).mean().item();
  }

  /** Runs all four data sets with splits and initial weights drawn from {@code seed}. */
  public static List<Score> run(long seed) {
    Setup classifier = new Setup(16, 100, 0.05);
    return List.of(
        classify("iris.csv", classifier, seed),
        classify("wine_data.csv", classifier, seed),
        classify("breast_cancer.csv", classifier, seed),
        regressDiabetes(new Setup(8, 100, 0.003), seed));
  }

  /** Prints each data set's test figures for split seed 1, then the headline figure over seeds 1 to 10. */
  public static void main(String[] args) {
    Map<String, DoubleSummaryStatistics> bySet = new LinkedHashMap<>();
    for (int seed = 1; seed <= 10; seed++) {
      for (Score s : run(seed)) {
        if (seed == 1) {
          System.out.println("seed 1: " + s);
        }
        bySet.computeIfAbsent(s.name(), name -> new DoubleSummaryStatistics()).accept(s.figure());
      }
    }
    bySet.forEach((name, stats) -> System.out.printf("%-18s %s over seeds 1-10: mean %.3f, min %.3f, max %.3f%n",
        name, name.startsWith("diabetes") ? "R²      " : "accuracy", stats.getAverage(), stats.getMin(), stats.getMax()));
  }
}
