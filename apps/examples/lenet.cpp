// The course's LeNet (notes 004, the CNN demo) on Fashion-MNIST, 3 epochs of
// the recipe in lenet_recipe.h (sigmoid LeNet, Xavier initialization, SGD lr
// 0.9, batch 32). Prints loss, test accuracy and speed per epoch, the
// per-class report at the end, and saves the model.
//   lenet [--device cpu] [--epochs 3] [--seed 0] [--data DIR] [--limit 0]
//         [--save-path lenet.safetensors]
#include "fashion_program.h"
#include "lenet_recipe.h"

int main(int argc, char** argv) {
  return apps::fashion_main(argc, argv, "lenet",
                            "Train the course's LeNet (sigmoid, SGD lr 0.9) on Fashion-MNIST.", 3,
                            apps::lenet_recipe);
}
