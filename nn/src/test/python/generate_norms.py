"""Writes the PyTorch reference values that Chainrule's normalization parity tests compare against.

Generates, under nn/src/test/resources/pytorch/, one small text file per layer:
  batch_norm1d.txt     torch.nn.BatchNorm1d(3) on [4, 3, 5] inputs, momentum 0.1 and momentum None
  batch_norm2d.txt     torch.nn.BatchNorm2d(3) on [3, 3, 2, 4] inputs, momentum 0.1 and momentum None
  group_norm.txt       torch.nn.GroupNorm(2, 6) on [2, 6, 3, 2] and on [3, 6, 4] inputs
  instance_norm2d.txt  torch.nn.InstanceNorm2d(3), default (no affine) and affine=True, on [2, 3, 4, 3]
For the batch norms, each case holds the random weight and bias, three training steps (step0..step2: the
input x, a random r, the output y and the gradients of (y * r).sum() with respect to x, weight and bias),
the running statistics after the three steps, and one evaluation step (eval.*) that uses them. The other
layers hold one step of the same kind, the same in training and evaluation.

Generated with PyTorch 1.13 (Debian's python3-torch), float64 throughout, fixed seeds.

Regenerate from the repository root with:
  /usr/bin/python3 nn/src/test/python/generate_norms.py

File format: generate_reference.py's (read by dev.chainrule.nn.PyTorchReference), written by its write().
"""

import os

import torch

import generate_reference


def write(name, description, tensors):
    generate_reference.write(name, description, tensors, script="generate_norms.py")


def randomize_affine(module, generator, tensors, prefix):
    """Gives the module a random weight and bias (when it has them) and records them."""
    if module.weight is None:
        return
    with torch.no_grad():
        module.weight.copy_(1 + 0.5 * torch.randn(module.weight.shape, generator=generator))
        module.bias.copy_(0.5 * torch.randn(module.bias.shape, generator=generator))
    tensors[prefix + "weight"] = module.weight
    tensors[prefix + "bias"] = module.bias


def step(module, shape, generator, tensors, prefix):
    """One forward and backward of (y * r).sum(); records x, r, y and the gradients."""
    x = (2 * torch.randn(shape, generator=generator) + 0.5).requires_grad_()
    r = torch.randn(shape, generator=generator)
    y = module(x)
    variables = [x] + ([module.weight, module.bias] if module.weight is not None else [])
    grads = torch.autograd.grad((y * r).sum(), variables)
    tensors.update({prefix + "x": x, prefix + "r": r, prefix + "y": y, prefix + "grad_x": grads[0]})
    if module.weight is not None:
        tensors.update({prefix + "grad_weight": grads[1], prefix + "grad_bias": grads[2]})


def batch_norm_case(module, shape, generator, tensors, prefix):
    randomize_affine(module, generator, tensors, prefix + ".")
    module.train()
    for i in range(3):
        step(module, shape, generator, tensors, "%s.step%d." % (prefix, i))
    tensors[prefix + ".running_mean"] = module.running_mean
    tensors[prefix + ".running_var"] = module.running_var
    tensors[prefix + ".num_batches_tracked"] = module.num_batches_tracked
    module.eval()
    step(module, shape, generator, tensors, prefix + ".eval.")


def batch_norm_file(name, layer, shape, seed):
    generator = torch.Generator().manual_seed(seed)
    tensors = {}
    batch_norm_case(layer(3, momentum=0.1), shape, generator, tensors, "momentum")
    batch_norm_case(layer(3, momentum=None), shape, generator, tensors, "cumulative")
    write(name, "torch.nn.%s(3), eps 1e-5, momentum 0.1 ('momentum') and None ('cumulative'); inputs %s; "
          "three training steps and one evaluation step, gradients of (y * r).sum()" % (layer.__name__, list(shape)),
          tensors)


def single_step_file(name, description, cases, seed):
    generator = torch.Generator().manual_seed(seed)
    tensors = {}
    for prefix, module, shape in cases:
        randomize_affine(module, generator, tensors, prefix + ".")
        step(module, shape, generator, tensors, prefix + ".")
    write(name, description, tensors)


def main():
    os.makedirs(generate_reference.OUT, exist_ok=True)
    torch.set_default_dtype(torch.float64)
    batch_norm_file("batch_norm1d.txt", torch.nn.BatchNorm1d, (4, 3, 5), 11)
    batch_norm_file("batch_norm2d.txt", torch.nn.BatchNorm2d, (3, 3, 2, 4), 12)
    single_step_file("group_norm.txt", "torch.nn.GroupNorm(2, 6), eps 1e-5, on [2, 6, 3, 2] ('rank4') and "
                     "[3, 6, 4] ('rank3'); gradients of (y * r).sum()",
                     [("rank4", torch.nn.GroupNorm(2, 6), (2, 6, 3, 2)),
                      ("rank3", torch.nn.GroupNorm(2, 6), (3, 6, 4))], 13)
    single_step_file("instance_norm2d.txt", "torch.nn.InstanceNorm2d(3), eps 1e-5, default ('plain') and "
                     "affine=True ('affine'), on [2, 3, 4, 3]; gradients of (y * r).sum()",
                     [("plain", torch.nn.InstanceNorm2d(3), (2, 3, 4, 3)),
                      ("affine", torch.nn.InstanceNorm2d(3, affine=True), (2, 3, 4, 3))], 14)


if __name__ == "__main__":
    main()
