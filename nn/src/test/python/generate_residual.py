"""Writes the PyTorch reference values of a small residual block trained for a few steps.

Generates nn/src/test/resources/pytorch/residual_block.txt: a ResNet basic block that halves the image,
  Sequential(Residual(body=Sequential(Conv2d(3, 4, 3, stride=2, padding=1, bias=False), BatchNorm2d(4), ReLU(),
                                      Conv2d(4, 4, 3, padding=1, bias=False), BatchNorm2d(4)),
                      shortcut=Sequential(Conv2d(3, 4, 1, stride=2, bias=False), BatchNorm2d(4))),
             ReLU())
with Residual(x) = body(x) + shortcut(x) (the module below, which Chainrule's dev.chainrule.nn.Residual mirrors,
names included). It holds the initial state dict (init.<name>, batch-norm weights and biases drawn at random
too), three training steps with plain SGD (learning rate 0.1) on (y * r).sum() / N (stepK.x, stepK.r, stepK.y),
the state dict after them (final.<name>: parameters, running statistics, num_batches_tracked) and one
evaluation step (eval.x, eval.y) that uses the running statistics.

Generated with PyTorch 1.13 (Debian's python3-torch), float64 throughout, fixed seeds.

Regenerate from the repository root with:
  /usr/bin/python3 nn/src/test/python/generate_residual.py

File format: generate_reference.py's (read by dev.chainrule.nn.PyTorchReference), written by its write().
"""

import os

import torch

import generate_reference


class Residual(torch.nn.Module):
    def __init__(self, body, shortcut=None):
        super().__init__()
        self.body = body
        if shortcut is not None:
            self.shortcut = shortcut

    def forward(self, x):
        return self.body(x) + (self.shortcut(x) if hasattr(self, "shortcut") else x)


def block():
    nn = torch.nn
    body = nn.Sequential(nn.Conv2d(3, 4, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(4), nn.ReLU(),
                         nn.Conv2d(4, 4, 3, padding=1, bias=False), nn.BatchNorm2d(4))
    shortcut = nn.Sequential(nn.Conv2d(3, 4, 1, stride=2, bias=False), nn.BatchNorm2d(4))
    return nn.Sequential(Residual(body, shortcut), nn.ReLU())


def main():
    os.makedirs(generate_reference.OUT, exist_ok=True)
    torch.set_default_dtype(torch.float64)
    generator = torch.Generator().manual_seed(41)
    module = block()
    with torch.no_grad():
        for name, p in module.named_parameters():
            if "weight" in name and p.dim() == 1:  # batch-norm scales
                p.copy_(1 + 0.5 * torch.randn(p.shape, generator=generator))
            elif p.dim() == 1:
                p.copy_(0.5 * torch.randn(p.shape, generator=generator))
            else:
                p.copy_(torch.randn(p.shape, generator=generator) * 0.5)
    tensors = {"init." + k: v.clone() for k, v in module.state_dict().items()}
    optimizer = torch.optim.SGD(module.parameters(), lr=0.1)
    module.train()
    for step in range(3):
        x = torch.randn((4, 3, 6, 5), generator=generator)
        y = module(x)
        r = torch.randn(y.shape, generator=generator)
        optimizer.zero_grad()
        ((y * r).sum() / x.shape[0]).backward()
        optimizer.step()
        tensors.update({"step%d.x" % step: x, "step%d.r" % step: r, "step%d.y" % step: y})
    tensors.update({"final." + k: v.clone() for k, v in module.state_dict().items()})
    module.eval()
    x = torch.randn((2, 3, 6, 5), generator=generator)
    tensors.update({"eval.x": x, "eval.y": module(x)})
    tensors = {k: v.to(torch.float64) for k, v in tensors.items()}
    generate_reference.write("residual_block.txt", "a ResNet basic block (see generate_residual.py), three SGD steps"
                             " and an evaluation step", tensors, script="generate_residual.py")


if __name__ == "__main__":
    main()
