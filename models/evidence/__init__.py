"""Evidence items as the list, the search and the editor see them."""
