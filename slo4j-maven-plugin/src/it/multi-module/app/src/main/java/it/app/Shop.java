package it.app;

import it.lib.Inventory;

public class Shop {
  private final Inventory inventory = new Inventory();

  public boolean order(String sku) {
    return inventory.reserve(sku);
  }
}
