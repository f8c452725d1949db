package dev.chainrule.examples;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradScope;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.ModeScope;
import dev.chainrule.nn.Mode;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.data.TokenSampler;
import dev.chainrule.nn.layer.Embedding;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.layer.Lstm;
import dev.chainrule.nn.layer.RecurrentOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A next-character model: each token is embedded, an LSTM reads the word so far, and a linear layer turns
 * its state into logits for the next character. Input {@code [N, L]} tokens (padded with
 * {@link Words#PADDING}, whose embedding row stays zero), output {@code [N, T, V]} logits, where {@code T}
 * stops after the batch's longest word so padding-only steps cost nothing. Float32.
 */
final class CharacterLstm implements Module {
  private final Embedding embedding;
  private final Lstm lstm;
  private final Linear output;

  private CharacterLstm(Embedding embedding, Lstm lstm, Linear output) {
    this.embedding = embedding;
    this.lstm = lstm;
    this.output = output;
  }

  /** A model with {@code embedding}-wide character vectors and {@code hidden} LSTM units, initialised from {@code seed}. */
  static CharacterLstm create(int embedding, int hidden, long seed) {
    Random random = new Random(seed);
    int vocabulary = Words.VOCABULARY.size();
    return new CharacterLstm(
        Embedding.withPaddingIndex(vocabulary + 1, embedding, Words.PADDING, DType.FLOAT32, random),
        Lstm.create(RecurrentOptions.of(embedding, hidden).withBatchFirst(true).withDType(DType.FLOAT32), random),
        Linear.create(hidden, vocabulary, DType.FLOAT32, Init.xavierUniform(), random));
  }

  @Override
  public Tensor forward(Tensor tokens) {
    Tensor steps = tokens.slice(1, 0, longestWord(tokens.value()));
    return output.forward(lstm.forward(embedding.forward(steps)));
  }

  /** The number of leading steps of {@code tokens} [N, L] where some word is not yet padding. */
  private static int longestWord(NdArray tokens) {
    int n = tokens.shape().dim(0);
    int length = tokens.shape().dim(1);
    int longest = 1;
    for (int i = 0; i < n; i++) {
      for (int t = length - 1; t >= longest; t--) {
        if (tokens.getFlat(i * length + t) != Words.PADDING) {
          longest = t + 1;
          break;
        }
      }
    }
    return longest;
  }

  /** A new word drawn one character at a time from {@code .} until the model writes {@code .} (at most {@code maxLength} letters). */
  String sample(TokenSampler sampler, int maxLength, Random random) {
    StringBuilder word = new StringBuilder();
    try (ModeScope eval = Mode.eval(); GradScope off = Autodiff.noGrad()) {
      int token = Words.BOUNDARY;
      Tensor hidden = Tensor.of(NdArray.zeros(Shape.of(1, 1, lstm.options().hiddenSize()), DType.FLOAT32));
      Tensor cell = hidden;
      while (word.length() < maxLength) {
        Tensor input = embedding.forward(Tensor.of(NdArray.of(Shape.of(1, 1), new double[] {token})));
        Lstm.Output step = lstm.run(input, hidden, cell);
        hidden = step.hidden();
        cell = step.cell();
        token = sampler.sample(output.forward(step.output()), random);
        if (token == Words.BOUNDARY) {
          break;
        }
        word.append(Words.VOCABULARY.decode(token));
      }
    }
    return word.toString();
  }

  @Override
  public Map<String, Module> children() {
    Map<String, Module> children = new LinkedHashMap<>();
    children.put("embedding", embedding);
    children.put("lstm", lstm);
    children.put("output", output);
    return children;
  }

  @Override
  public String toString() {
    return "CharacterLstm(" + embedding + ", " + lstm + ", " + output + ")";
  }
}
