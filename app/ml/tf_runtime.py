"""TensorFlow, imported on first use only, quiet, seeded and held to the background thread budget."""

from __future__ import annotations

import logging
import os
from functools import cache
from typing import Any

from app.ml.runtime import background_threads

logger = logging.getLogger(__name__)

SEED = 20240601


@cache
def tensorflow() -> Any:
    """The tensorflow module, configured once: few threads, deterministic ops, fixed seeds."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf

    threads = background_threads()
    try:
        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(threads)
    except RuntimeError:  # the runtime already started (another caller used TF first)
        logger.debug("TensorFlow threads were already configured")
    tf.keras.utils.set_random_seed(SEED)
    tf.config.experimental.enable_op_determinism()
    return tf


def keras() -> Any:
    return tensorflow().keras


def reseed() -> None:
    """Reset the seeds so that each training run starts from the same random state."""
    tensorflow().keras.utils.set_random_seed(SEED)
