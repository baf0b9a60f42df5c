package dev.odyssey.dissect;

import static dev.odyssey.dissect.Walker.*;

/** 802.11 link types. Not decoded yet: no capture in the corpus uses them. */
final class Wireless {
  private Wireless() {}

  static int dot11(Walker w) {
    return STOP;
  }

  static int prism(Walker w) {
    return STOP;
  }

  static int radiotap(Walker w) {
    return STOP;
  }
}
