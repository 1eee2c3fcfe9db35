// The course's feed-forward network (notes 001, "前馈神经网络" listing) on
// Fashion-MNIST, 5 epochs of the recipe in fashion_mlp_recipe.h (784-500-10,
// ReLU, Adam lr 1e-3, batch 100). Prints loss, test accuracy and speed per
// epoch, the per-class report at the end, and saves the model.
//   fashion_mlp [--device cpu] [--epochs 5] [--seed 0] [--data DIR] [--limit 0]
//               [--save-path fashion_mlp.safetensors]
#include "fashion_mlp_recipe.h"
#include "fashion_program.h"

int main(int argc, char** argv) {
  return apps::fashion_main(argc, argv, "fashion_mlp",
                            "Train the course's 784-500-10 MLP on Fashion-MNIST.", 5,
                            apps::fashion_mlp_recipe);
}
