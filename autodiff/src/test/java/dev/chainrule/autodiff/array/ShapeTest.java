package dev.chainrule.autodiff.array;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A shape's element count and rank. */
class ShapeTest {

  @Test
  void aHugeShapeWithAZeroDimensionIsEmptyNotTooLarge() {
    assertEquals(0, Shape.of(100_000, 100_000, 0).size());
  }

  @Test
  void onlyRankZeroIsAScalar() {
    assertTrue(Shape.of().isScalar());
    assertFalse(Shape.of(1).isScalar());
    assertFalse(Shape.of(1, 1).isScalar());
  }
}
