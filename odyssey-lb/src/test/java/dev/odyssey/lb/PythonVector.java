package dev.odyssey.lb;

/** MINE_BITCOIN of 1700000000 as computed by Python's hashlib (see JobsTest). */
final class PythonVector {
  static final String VALUE = "8929224d82d80c3b8b00e5c5a52d341f37c01dedf608510f8497ab7927c92713";

  private PythonVector() {}
}
