// The course's CNN (notes 001, "手写数字识别代码实现" listing) on
// Fashion-MNIST, 2 epochs of the recipe in fashion_cnn_recipe.h (two blocks
// of 5x5 convolution, ReLU and 2x2 max pooling, then Linear(32*7*7, 10); Adam
// lr 1e-3, batch 50). Prints loss, test accuracy and speed per epoch, the
// per-class report at the end, and saves the model.
//   fashion_cnn [--device cpu] [--epochs 2] [--seed 0] [--data DIR] [--limit 0]
//               [--save-path fashion_cnn.safetensors]
#include "fashion_cnn_recipe.h"
#include "fashion_program.h"

int main(int argc, char** argv) {
  return apps::fashion_main(argc, argv, "fashion_cnn",
                            "Train the course's two-convolution CNN on Fashion-MNIST.", 2,
                            apps::fashion_cnn_recipe);
}
