package dev.chainrule.autodiff.array;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A shape's element count. */
class ShapeTest {

  @Test
  void aHugeShapeWithAZeroDimensionIsEmptyNotTooLarge() {
    assertEquals(0, Shape.of(100_000, 100_000, 0).size());
  }
}
