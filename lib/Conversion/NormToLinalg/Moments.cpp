#include "NormToLinalg.h"
