package dev.chainrule.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chainrule.nn.Hooked;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.Stochastic;
import dev.chainrule.nn.layer.Dropout;
import dev.chainrule.nn.layer.Linear;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A checkpoint finds the random state of a dropout layer wrapped for hooks, under its usual name. */
class HookedCheckpointTest {
  @Test
  void aHookedDropoutIsFoundUnderItsUsualPath() {
    Dropout dropout = Dropout.create(0.2, 1);
    Sequential model = Sequential.of(Linear.create(2, 2, new Random(1)), Hooked.of(Hooked.of(dropout)));
    Map<String, Stochastic> found = TrainingCheckpoint.stochasticModules(model);
    assertEquals(Map.of("1", dropout), found);
  }
}
