"""Qt item models over storage's pages, and the delegates that paint their rows."""
