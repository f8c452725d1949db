"""Writes the PyTorch reference values that Chainrule's convolution parity tests compare against.

Generates, under nn/src/test/resources/pytorch/, one small text file per layer, each with several cases
(the prefix names the case; its options are in the file's header and in ConvolutionParityTest):
  conv2d.txt            torch.nn.Conv2d: rectangular kernel with per-axis stride and padding, dilation with
                        groups, "same" with an even kernel and no bias, depthwise with stride
  conv1d.txt            torch.nn.Conv1d: stride and padding, "same" with dilation, groups and no bias
  conv_transpose2d.txt  torch.nn.ConvTranspose2d: stride with output padding, rectangular kernel with
                        groups, dilation and no bias, per-axis output padding
Each case holds the input x, the layer's weight (and bias), a random r, the output y and the gradients of
(y * r).sum() with respect to x, the weight and the bias.

Generated with PyTorch 1.13 (Debian's python3-torch), float64 throughout, fixed seeds.

Regenerate from the repository root with:
  /usr/bin/python3 nn/src/test/python/generate_convolution.py

File format: generate_reference.py's (read by dev.chainrule.nn.PyTorchReference), written by its write().
"""

import os

import torch

import generate_reference


def step(module, shape, generator, tensors, prefix):
    """Random weights, one forward and backward of (y * r).sum(); records everything the test needs."""
    with torch.no_grad():
        for parameter in module.parameters():
            parameter.copy_(torch.rand(parameter.shape, generator=generator) * 2 - 1)
    x = torch.randn(shape, generator=generator).requires_grad_()
    y = module(x)
    r = torch.randn(y.shape, generator=generator)
    parameters = dict(module.named_parameters())
    inputs = [x] + list(parameters.values())
    grads = torch.autograd.grad((y * r).sum(), inputs)
    tensors.update({prefix + ".x": x, prefix + ".r": r, prefix + ".y": y, prefix + ".grad_x": grads[0]})
    for (name, value), grad in zip(parameters.items(), grads[1:]):
        tensors[prefix + "." + name] = value
        tensors[prefix + ".grad_" + name] = grad


def cases_file(name, cases, seed):
    generate_reference.cases_file(name, cases, seed, step, "generate_convolution.py")


def main():
    os.makedirs(generate_reference.OUT, exist_ok=True)
    torch.set_default_dtype(torch.float64)
    nn = torch.nn
    cases_file("conv2d.txt", [
        ("rect", "Conv2d(3, 4, (2, 3), stride=(2, 1), padding=(1, 0))",
         nn.Conv2d(3, 4, (2, 3), stride=(2, 1), padding=(1, 0)), (2, 3, 5, 6)),
        ("dilation_groups", "Conv2d(4, 6, 3, padding=2, dilation=2, groups=2)",
         nn.Conv2d(4, 6, 3, padding=2, dilation=2, groups=2), (2, 4, 6, 5)),
        ("same_even_no_bias", "Conv2d(2, 3, (3, 4), padding='same', dilation=(2, 1), bias=False)",
         nn.Conv2d(2, 3, (3, 4), padding="same", dilation=(2, 1), bias=False), (1, 2, 5, 6)),
        ("depthwise", "Conv2d(3, 3, 3, stride=2, padding=1, groups=3)",
         nn.Conv2d(3, 3, 3, stride=2, padding=1, groups=3), (2, 3, 7, 6)),
    ], 31)
    cases_file("conv1d.txt", [
        ("stride_padding", "Conv1d(3, 4, 3, stride=2, padding=1)", nn.Conv1d(3, 4, 3, stride=2, padding=1), (2, 3, 9)),
        ("same_dilation_groups", "Conv1d(4, 6, 4, padding='same', dilation=2, groups=2, bias=False)",
         nn.Conv1d(4, 6, 4, padding="same", dilation=2, groups=2, bias=False), (2, 4, 10)),
    ], 32)
    cases_file("conv_transpose2d.txt", [
        ("stride_output_padding", "ConvTranspose2d(3, 2, 3, stride=2, padding=1, output_padding=1)",
         nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1, output_padding=1), (2, 3, 4, 5)),
        ("rect_groups_dilation", "ConvTranspose2d(4, 6, (2, 3), stride=(1, 2), padding=(0, 1), groups=2, "
                                 "dilation=(2, 1), bias=False)",
         nn.ConvTranspose2d(4, 6, (2, 3), stride=(1, 2), padding=(0, 1), groups=2, dilation=(2, 1), bias=False),
         (1, 4, 3, 4)),
        ("output_padding_per_axis", "ConvTranspose2d(2, 3, 4, stride=3, padding=1, output_padding=(2, 0))",
         nn.ConvTranspose2d(2, 3, 4, stride=3, padding=1, output_padding=(2, 0)), (1, 2, 3, 3)),
    ], 33)


if __name__ == "__main__":
    main()
