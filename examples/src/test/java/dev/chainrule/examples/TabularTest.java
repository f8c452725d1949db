package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.data.Dataset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bundled data sets load, each trains to a floor under split seed 1, and malformed files are rejected. */
class TabularTest {
  private static final List<Tabular.Score> SCORES = Tabular.run(1);

  @Test
  void bundledDataSetsHaveTheirDocumentedSizes() {
    assertEquals(150, TabularData.classification("iris.csv").examples().size());
    assertEquals(List.of("class_0", "class_1", "class_2"), TabularData.classification("wine_data.csv").classNames());
    assertEquals(Shape.of(569, 30), TabularData.classification("breast_cancer.csv").examples().features().shape());
    Dataset diabetes = TabularData.regression("diabetes_data_raw.csv.gz", "diabetes_target.csv.gz").examples();
    assertEquals(Shape.of(442, 10), diabetes.features().shape());
    assertEquals(151.0, diabetes.targets().get(0, 0), 0);
  }

  @Test
  void irisReachesNinetyPercent() {
    assertTrue(SCORES.get(0).accuracy() >= 0.9, SCORES.get(0).toString());
  }

  @Test
  void wineReachesNinetyPercent() {
    assertTrue(SCORES.get(1).accuracy() >= 0.9, SCORES.get(1).toString());
  }

  @Test
  void breastCancerReachesNinetyThreePercent() {
    assertTrue(SCORES.get(2).accuracy() >= 0.93, SCORES.get(2).toString());
  }

  @Test
  void diabetesReachesAnR2OfPointThreeFive() {
    Tabular.Score diabetes = SCORES.get(3);
    assertTrue(diabetes.r2() >= 0.35, diabetes.toString());
    assertTrue(diabetes.rmse() < 65, diabetes.toString()); // the targets' standard deviation is about 77
  }

  @Test
  void standardizationUsesTheTrainingSplitsStatistics() {
    Dataset train = new Dataset(NdArray.of(new double[][] {{1, 5}, {3, 5}}), NdArray.of(0, 1));
    Dataset test = new Dataset(NdArray.of(new double[][] {{5, 7}}), NdArray.of(0));

    Dataset[] scaled = TabularData.standardize(train, test);

    assertEquals(NdArray.of(new double[][] {{-1, 0}, {1, 0}}), scaled[0].features());
    assertEquals(NdArray.of(new double[][] {{3, 2}}), scaled[1].features()); // mean 2, std 1; constant column std 1
  }

  @Test
  void loaderRejectsARowWithTheWrongNumberOfFields() {
    String csv = "2,2,a,b\n1.0,2.0,0\n3.0,1\n";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TabularData.parseClassification("bad.csv", csv.lines().toList()));
    assertEquals("tabular: bad.csv line 3: expected 3 fields (2 features and a label); got 2", e.getMessage());
  }

  @Test
  void loaderRejectsAFieldThatIsNotANumber() {
    String csv = "1,2,a,b\n1.0,x,0\n";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TabularData.parseClassification("bad.csv", csv.lines().toList()));
    assertEquals("tabular: bad.csv line 2: not a number; got 'x'", e.getMessage());
  }

  @Test
  void loaderRejectsALabelOutsideTheClasses() {
    String csv = "1,2,a,b\n1.0,2.0,2\n";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TabularData.parseClassification("bad.csv", csv.lines().toList()));
    assertEquals("tabular: bad.csv line 2: label 2 is not a class index in [0, 2)", e.getMessage());
  }

  @Test
  void loaderRejectsARowCountDifferentFromTheHeader() {
    String csv = "3,2,a,b\n1.0,2.0,0\n";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TabularData.parseClassification("bad.csv", csv.lines().toList()));
    assertEquals("tabular: bad.csv: the header announces 3 rows; got 1", e.getMessage());
  }

  @Test
  void loaderNamesAMissingResource() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TabularData.classification("nope.csv"));
    assertTrue(e.getMessage().contains("dev/chainrule/examples/data/nope.csv"), e.getMessage());
  }
}
