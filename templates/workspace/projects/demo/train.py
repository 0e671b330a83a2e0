"""Placeholder trainer until the PyTorch template (issue 4) replaces it."""

import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=1)
parser.add_argument("--lr", type=float, default=0.01)
args = parser.parse_args()
print(f"training for {args.epochs} epochs at lr={args.lr}")
