"""Writes the PyTorch reference values that Chainrule's pooling parity tests compare against.

Generates, under nn/src/test/resources/pytorch/, one small text file per layer, each with several cases
(the prefix names the case; its options are in the file's header and in PoolingParityTest):
  max_pool2d.txt           torch.nn.MaxPool2d: plain, padding, dilation, ceil mode, ceil mode with dilation
  max_pool1d.txt           torch.nn.MaxPool1d: plain, and padding with dilation and ceil mode
  avg_pool2d.txt           torch.nn.AvgPool2d: plain, padding, count_include_pad=False, ceil mode with and
                           without counting the padding, ceil mode without padding
  avg_pool1d.txt           torch.nn.AvgPool1d: padding, count_include_pad=False, ceil mode both ways
  adaptive_avg_pool2d.txt  torch.nn.AdaptiveAvgPool2d: (3, 2), global (1, 1), and (4, 4) from a 3x5 input
Each case holds the input x, a random r, the output y and the gradient of (y * r).sum() with respect to x.

Generated with PyTorch 1.13 (Debian's python3-torch), float64 throughout, fixed seeds.

Regenerate from the repository root with:
  /usr/bin/python3 nn/src/test/python/generate_pooling.py

File format: generate_reference.py's (read by dev.chainrule.nn.PyTorchReference), written by its write().
"""

import os

import torch

import generate_reference


def step(module, shape, generator, tensors, prefix):
    """One forward and backward of (y * r).sum(); records x, r, y and the input gradient."""
    x = torch.randn(shape, generator=generator).requires_grad_()
    y = module(x)
    r = torch.randn(y.shape, generator=generator)
    (grad_x,) = torch.autograd.grad((y * r).sum(), [x])
    tensors.update({prefix + ".x": x, prefix + ".r": r, prefix + ".y": y, prefix + ".grad_x": grad_x})


def cases_file(name, cases, seed):
    generate_reference.cases_file(name, cases, seed, step, "generate_pooling.py")


def main():
    os.makedirs(generate_reference.OUT, exist_ok=True)
    torch.set_default_dtype(torch.float64)
    nn = torch.nn
    cases_file("max_pool2d.txt", [
        ("plain", "MaxPool2d(2)", nn.MaxPool2d(2), (1, 2, 4, 5)),
        ("padding", "MaxPool2d(3, stride=2, padding=1)", nn.MaxPool2d(3, stride=2, padding=1), (1, 1, 5, 6)),
        ("dilation", "MaxPool2d(3, stride=1, padding=1, dilation=2)",
         nn.MaxPool2d(3, stride=1, padding=1, dilation=2), (1, 1, 6, 5)),
        ("ceil", "MaxPool2d(3, stride=2, padding=1, ceil_mode=True)",
         nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True), (1, 1, 6, 6)),
        ("ceil_dilation", "MaxPool2d(2, stride=3, dilation=2, ceil_mode=True)",
         nn.MaxPool2d(2, stride=3, dilation=2, ceil_mode=True), (1, 1, 7, 8)),
    ], 21)
    cases_file("max_pool1d.txt", [
        ("plain", "MaxPool1d(3, stride=2)", nn.MaxPool1d(3, stride=2), (1, 2, 7)),
        ("padding_dilation_ceil", "MaxPool1d(3, stride=2, padding=1, dilation=2, ceil_mode=True)",
         nn.MaxPool1d(3, stride=2, padding=1, dilation=2, ceil_mode=True), (1, 2, 8)),
    ], 22)
    cases_file("avg_pool2d.txt", [
        ("plain", "AvgPool2d(2)", nn.AvgPool2d(2), (1, 2, 4, 5)),
        ("padding", "AvgPool2d(3, stride=2, padding=1)", nn.AvgPool2d(3, stride=2, padding=1), (1, 1, 5, 6)),
        ("padding_not_counted", "AvgPool2d(3, stride=2, padding=1, count_include_pad=False)",
         nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False), (1, 1, 5, 6)),
        ("ceil", "AvgPool2d(3, stride=2, padding=1, ceil_mode=True)",
         nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True), (1, 1, 6, 6)),
        ("ceil_not_counted", "AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)",
         nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False), (1, 1, 6, 6)),
        ("ceil_no_padding", "AvgPool2d(2, ceil_mode=True)", nn.AvgPool2d(2, ceil_mode=True), (1, 1, 5, 5)),
    ], 23)
    cases_file("avg_pool1d.txt", [
        ("padding", "AvgPool1d(3, stride=2, padding=1)", nn.AvgPool1d(3, stride=2, padding=1), (1, 2, 7)),
        ("padding_not_counted", "AvgPool1d(3, stride=2, padding=1, count_include_pad=False)",
         nn.AvgPool1d(3, stride=2, padding=1, count_include_pad=False), (1, 2, 7)),
        ("ceil", "AvgPool1d(4, stride=3, padding=2, ceil_mode=True)",
         nn.AvgPool1d(4, stride=3, padding=2, ceil_mode=True), (1, 2, 8)),
        ("ceil_not_counted", "AvgPool1d(4, stride=3, padding=2, ceil_mode=True, count_include_pad=False)",
         nn.AvgPool1d(4, stride=3, padding=2, ceil_mode=True, count_include_pad=False), (1, 2, 8)),
    ], 24)
    cases_file("adaptive_avg_pool2d.txt", [
        ("out3x2", "AdaptiveAvgPool2d((3, 2))", nn.AdaptiveAvgPool2d((3, 2)), (1, 2, 7, 5)),
        ("global", "AdaptiveAvgPool2d((1, 1))", nn.AdaptiveAvgPool2d((1, 1)), (2, 2, 3, 4)),
        ("upsampling", "AdaptiveAvgPool2d((4, 4))", nn.AdaptiveAvgPool2d((4, 4)), (1, 1, 3, 5)),
    ], 25)


if __name__ == "__main__":
    main()
