package dev.chainrule.examples;

import dev.chainrule.nn.data.Dataset;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST in memory (Xiao, Rasul &amp; Vollgraf 2017, "Fashion-MNIST: a novel image dataset for
 * benchmarking machine learning algorithms"): 60,000 training and 10,000 test greyscale images of
 * clothing, in MNIST's format and sizes, as float32 images {@code [N, 1, 28, 28]} scaled to [0, 1] with
 * class indices 0 to 9 ({@link #CLASSES}) as targets.
 *
 * @param train features {@code [60000, 1, 28, 28]}, targets {@code [60000]}, 6,000 per class
 * @param test features {@code [10000, 1, 28, 28]}, targets {@code [10000]}
 */
record FashionMnistData(Dataset train, Dataset test) {
  /** The class names, by class index. */
  static final List<String> CLASSES =
      List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  /** The images from the standard cache, downloaded on first use (see {@link FashionMnistCache}). */
  static FashionMnistData load() {
    return load(FashionMnistCache.standard().ensure());
  }

  /** The images from the four gzipped IDX files in {@code directory} (the names of {@link FashionMnistCache#FILES}). */
  static FashionMnistData load(Path directory) {
    MnistData images = MnistData.read("fashion-mnist", directory, ".gz").asImages();
    return new FashionMnistData(images.train(), images.test());
  }
}
