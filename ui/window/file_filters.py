"""The file-type filters the app's open and save dialogs offer."""

INSPECTION_FILTER = "Inspections (*.inspection)"
WORKBOOK_FILTER = "Excel workbooks (*.xlsx)"
