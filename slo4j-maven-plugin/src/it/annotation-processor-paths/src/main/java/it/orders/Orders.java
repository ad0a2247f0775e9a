package it.orders;

import dev.slo4j.annotation.Slo;
import lombok.Getter;

public class Orders {
  @Getter
  private int placed;

  @Slo(name = "place-order", latency = "500ms")
  public void place() {
    placed++;
  }
}
