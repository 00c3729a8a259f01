<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
  <context>
    <name>AutomationDialog</name>
    <message>
      <source>Automation rules</source>
      <translation>Automation rules</translation>
    </message>
  </context>
  <context>
    <name>DetectedSettings</name>
    <message>
      <source>Detected settings</source>
      <translation>Detected settings</translation>
    </message>
    <message>
      <source>S&amp;heet:</source>
      <translation>S&amp;heet:</translation>
    </message>
    <message>
      <source>&amp;Encoding:</source>
      <translation>&amp;Encoding:</translation>
    </message>
    <message>
      <source>&amp;Delimiter:</source>
      <translation>&amp;Delimiter:</translation>
    </message>
    <message>
      <source>Header &amp;row:</source>
      <translation>Header &amp;row:</translation>
    </message>
    <message>
      <source>Decimal se&amp;parator:</source>
      <translation>Decimal se&amp;parator:</translation>
    </message>
    <message>
      <source>Date &amp;format:</source>
      <translation>Date &amp;format:</translation>
    </message>
    <message>
      <source>no header</source>
      <translation>no header</translation>
    </message>
    <message>
      <source>Detect &amp;again</source>
      <translation>Detect &amp;again</translation>
    </message>
    <message>
      <source>Forget your changes and let DINO detect everything</source>
      <translation>Forget your changes and let DINO detect everything</translation>
    </message>
    <message>
      <source>Semicolon (;)</source>
      <translation>Semicolon (;)</translation>
    </message>
    <message>
      <source>Comma (,)</source>
      <translation>Comma (,)</translation>
    </message>
    <message>
      <source>Tab</source>
      <translation>Tab</translation>
    </message>
    <message>
      <source>Pipe (|)</source>
      <translation>Pipe (|)</translation>
    </message>
    <message>
      <source>Space</source>
      <translation>Space</translation>
    </message>
    <message>
      <source>Comma (1.234,56)</source>
      <translation>Comma (1.234,56)</translation>
    </message>
    <message>
      <source>Point (1,234.56)</source>
      <translation>Point (1,234.56)</translation>
    </message>
    <message>
      <source>Your choice</source>
      <translation>Your choice</translation>
    </message>
    <message>
      <source>Detected by DINO</source>
      <translation>Detected by DINO</translation>
    </message>
  </context>
  <context>
    <name>DropZone</name>
    <message>
      <source>&lt;b&gt;Drop a file here&lt;/b&gt;</source>
      <translation>&lt;b&gt;Drop a file here&lt;/b&gt;</translation>
    </message>
    <message>
      <source>CSV, TXT, Excel (.xlsx), JSON, XML or Parquet. DINO finds the encoding, delimiter, header and types by itself.</source>
      <translation>CSV, TXT, Excel (.xlsx), JSON, XML or Parquet. DINO finds the encoding, delimiter, header and types by itself.</translation>
    </message>
    <message>
      <source>&amp;Choose file…</source>
      <translation>&amp;Choose file…</translation>
    </message>
    <message>
      <source>Drop a file, or press Enter to choose one</source>
      <translation>Drop a file, or press Enter to choose one</translation>
    </message>
    <message>
      <source>File drop zone</source>
      <translation>File drop zone</translation>
    </message>
    <message>
      <source>Choose a file to load</source>
      <translation>Choose a file to load</translation>
    </message>
    <message>
      <source>Data files (%1);;All files (*)</source>
      <translation>Data files (%1);;All files (*)</translation>
    </message>
  </context>
  <context>
    <name>FailuresView</name>
    <message>
      <source>Counting failures…</source>
      <translation>Counting failures…</translation>
    </message>
    <message>
      <source>The failures could not be counted: %1</source>
      <translation>The failures could not be counted: %1</translation>
    </message>
    <message>
      <source>Unexpected error</source>
      <translation>Unexpected error</translation>
    </message>
    <message>
      <source>No failed runs in this period.</source>
      <translation>No failed runs in this period.</translation>
    </message>
    <message>
      <source>%1 failed runs, %2 causes</source>
      <translation>%1 failed runs, %2 causes</translation>
    </message>
    <message>
      <source>Failures per day</source>
      <translation>Failures per day</translation>
    </message>
    <message>
      <source>Last 7 days</source>
      <translation>Last 7 days</translation>
    </message>
    <message>
      <source>Last 30 days</source>
      <translation>Last 30 days</translation>
    </message>
    <message>
      <source>Last 90 days</source>
      <translation>Last 90 days</translation>
    </message>
    <message>
      <source>All time</source>
      <translation>All time</translation>
    </message>
    <message>
      <source>Cause</source>
      <translation>Cause</translation>
    </message>
    <message>
      <source>Failures</source>
      <translation>Failures</translation>
    </message>
    <message>
      <source>Last failure</source>
      <translation>Last failure</translation>
    </message>
    <message>
      <source>Show these runs</source>
      <translation>Show these runs</translation>
    </message>
    <message>
      <source>List the failed runs with this cause (Enter)</source>
      <translation>List the failed runs with this cause (Enter)</translation>
    </message>
    <message>
      <source>Causes of failure</source>
      <translation>Causes of failure</translation>
    </message>
  </context>
  <context>
    <name>HeaderEditor</name>
    <message>
      <source>Column name in the table</source>
      <translation>Column name in the table</translation>
    </message>
    <message>
      <source>Column type</source>
      <translation>Column type</translation>
    </message>
    <message>
      <source>Apply (Enter)</source>
      <translation>Apply (Enter)</translation>
    </message>
    <message>
      <source>Not a valid name: %1</source>
      <translation>Not a valid name: %1</translation>
    </message>
  </context>
  <context>
    <name>HistoryTab</name>
    <message>
      <source>The run history could not be read: %1</source>
      <translation>The run history could not be read: %1</translation>
    </message>
    <message>
      <source>&amp;Retry</source>
      <translation>&amp;Retry</translation>
    </message>
    <message>
      <source>Run a failed or cancelled run again (Ctrl+R)</source>
      <translation>Run a failed or cancelled run again (Ctrl+R)</translation>
    </message>
    <message>
      <source>&amp;Undo</source>
      <translation>&amp;Undo</translation>
    </message>
    <message>
      <source>Put the table back as it was before this run (Ctrl+Z)</source>
      <translation>Put the table back as it was before this run (Ctrl+Z)</translation>
    </message>
    <message>
      <source>Open &amp;landing folder</source>
      <translation>Open &amp;landing folder</translation>
    </message>
    <message>
      <source>Open the folder with the run's converted files and manifest</source>
      <translation>Open the folder with the run's converted files and manifest</translation>
    </message>
    <message>
      <source>Open &amp;table folder</source>
      <translation>Open &amp;table folder</translation>
    </message>
    <message>
      <source>Open the folder of the Delta table the run wrote</source>
      <translation>Open the folder of the Delta table the run wrote</translation>
    </message>
    <message>
      <source>&amp;Copy run id</source>
      <translation>&amp;Copy run id</translation>
    </message>
    <message>
      <source>Copy the full run id to the clipboard (Ctrl+Shift+C)</source>
      <translation>Copy the full run id to the clipboard (Ctrl+Shift+C)</translation>
    </message>
    <message>
      <source>Re&amp;fresh</source>
      <translation>Re&amp;fresh</translation>
    </message>
    <message>
      <source>Read the run history again (F5)</source>
      <translation>Read the run history again (F5)</translation>
    </message>
    <message>
      <source>Find</source>
      <translation>Find</translation>
    </message>
    <message>
      <source>Search the runs</source>
      <translation>Search the runs</translation>
    </message>
    <message>
      <source>F&amp;ailures</source>
      <translation>F&amp;ailures</translation>
    </message>
    <message>
      <source>Failed runs grouped by cause, with counts per day (Ctrl+Shift+F)</source>
      <translation>Failed runs grouped by cause, with counts per day (Ctrl+Shift+F)</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>Runs</source>
      <translation>Runs</translation>
    </message>
    <message>
      <source>No runs</source>
      <translation>No runs</translation>
    </message>
    <message>
      <source>1 run</source>
      <translation>1 run</translation>
    </message>
    <message>
      <source>%1 runs</source>
      <translation>%1 runs</translation>
    </message>
    <message>
      <source>Run id %1 copied.</source>
      <translation>Run id %1 copied.</translation>
    </message>
  </context>
  <context>
    <name>KpiTab</name>
    <message>
      <source>Period</source>
      <translation>Period</translation>
    </message>
    <message>
      <source>Currency</source>
      <translation>Currency</translation>
    </message>
    <message>
      <source>Indicator</source>
      <translation>Indicator</translation>
    </message>
    <message>
      <source>Value</source>
      <translation>Value</translation>
    </message>
    <message>
      <source>Total cost</source>
      <translation>Total cost</translation>
    </message>
    <message>
      <source>Files</source>
      <translation>Files</translation>
    </message>
    <message>
      <source>Volume (bytes)</source>
      <translation>Volume (bytes)</translation>
    </message>
    <message>
      <source>Rows</source>
      <translation>Rows</translation>
    </message>
    <message>
      <source>Runs</source>
      <translation>Runs</translation>
    </message>
    <message>
      <source>Failed runs</source>
      <translation>Failed runs</translation>
    </message>
    <message>
      <source>Success rate (%)</source>
      <translation>Success rate (%)</translation>
    </message>
    <message>
      <source>Cost</source>
      <translation>Cost</translation>
    </message>
    <message>
      <source>Day (UTC)</source>
      <translation>Day (UTC)</translation>
    </message>
    <message>
      <source>Table</source>
      <translation>Table</translation>
    </message>
    <message>
      <source>The image could not be written.</source>
      <translation>The image could not be written.</translation>
    </message>
    <message>
      <source>&amp;Period:</source>
      <translation>&amp;Period:</translation>
    </message>
    <message>
      <source>Last 7 days</source>
      <translation>Last 7 days</translation>
    </message>
    <message>
      <source>Last 30 days</source>
      <translation>Last 30 days</translation>
    </message>
    <message>
      <source>Last 90 days</source>
      <translation>Last 90 days</translation>
    </message>
    <message>
      <source>Custom</source>
      <translation>Custom</translation>
    </message>
    <message>
      <source>Days are counted in UTC, as in the run log.</source>
      <translation>Days are counted in UTC, as in the run log.</translation>
    </message>
    <message>
      <source>&amp;From:</source>
      <translation>&amp;From:</translation>
    </message>
    <message>
      <source>&amp;To:</source>
      <translation>&amp;To:</translation>
    </message>
    <message>
      <source>&amp;Refresh</source>
      <translation>&amp;Refresh</translation>
    </message>
    <message>
      <source>Export &amp;charts…</source>
      <translation>Export &amp;charts…</translation>
    </message>
    <message>
      <source>Save the cards and charts as a PNG image</source>
      <translation>Save the cards and charts as a PNG image</translation>
    </message>
    <message>
      <source>Export &amp;numbers…</source>
      <translation>Export &amp;numbers…</translation>
    </message>
    <message>
      <source>Save the numbers as a CSV file (opens in Excel)</source>
      <translation>Save the numbers as a CSV file (opens in Excel)</translation>
    </message>
    <message>
      <source>Volume</source>
      <translation>Volume</translation>
    </message>
    <message>
      <source>Success rate</source>
      <translation>Success rate</translation>
    </message>
    <message>
      <source>Estimated cost per day (%1)</source>
      <translation>Estimated cost per day (%1)</translation>
    </message>
    <message>
      <source>Estimated: %1 · Actual (Azure): %2, %3 days measured</source>
      <translation>Estimated: %1 · Actual (Azure): %2, %3 days measured</translation>
    </message>
    <message>
      <source>Estimated (Azure costs not synced yet)</source>
      <translation>Estimated (Azure costs not synced yet)</translation>
    </message>
    <message>
      <source>Estimated · per file: %1</source>
      <translation>Estimated · per file: %1</translation>
    </message>
    <message>
      <source>Files per day</source>
      <translation>Files per day</translation>
    </message>
    <message>
      <source>Volume per day</source>
      <translation>Volume per day</translation>
    </message>
    <message>
      <source>Top tables by volume</source>
      <translation>Top tables by volume</translation>
    </message>
    <message>
      <source>Updating…</source>
      <translation>Updating…</translation>
    </message>
    <message>
      <source>Updated at %1</source>
      <translation>Updated at %1</translation>
    </message>
    <message>
      <source>Could not read the run log: %1</source>
      <translation>Could not read the run log: %1</translation>
    </message>
    <message>
      <source>Runs: %1</source>
      <translation>Runs: %1</translation>
    </message>
    <message>
      <source>Size of the files received</source>
      <translation>Size of the files received</translation>
    </message>
    <message>
      <source>Rows written</source>
      <translation>Rows written</translation>
    </message>
    <message>
      <source>%1 succeeded, %2 failed</source>
      <translation>%1 succeeded, %2 failed</translation>
    </message>
    <message>
      <source>Actual (Azure)</source>
      <translation>Actual (Azure)</translation>
    </message>
    <message>
      <source>No runs from %1 to %2.
Choose another period, or load a file in the Upload tab.</source>
      <translation>No runs from %1 to %2.
Choose another period, or load a file in the Upload tab.</translation>
    </message>
    <message>
      <source>Export the charts</source>
      <translation>Export the charts</translation>
    </message>
    <message>
      <source>PNG images (*.png)</source>
      <translation>PNG images (*.png)</translation>
    </message>
    <message>
      <source>Export the numbers</source>
      <translation>Export the numbers</translation>
    </message>
    <message>
      <source>CSV files (*.csv)</source>
      <translation>CSV files (*.csv)</translation>
    </message>
    <message>
      <source>Saved %1</source>
      <translation>Saved %1</translation>
    </message>
    <message>
      <source>Could not save the file: %1</source>
      <translation>Could not save the file: %1</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>DINO — files into the lakehouse</source>
      <translation>DINO — files into the lakehouse</translation>
    </message>
    <message>
      <source>&amp;Upload</source>
      <translation>&amp;Upload</translation>
    </message>
    <message>
      <source>&amp;History</source>
      <translation>&amp;History</translation>
    </message>
    <message>
      <source>&amp;KPIs</source>
      <translation>&amp;KPIs</translation>
    </message>
    <message>
      <source>Load a file into a table (Ctrl+1)</source>
      <translation>Load a file into a table (Ctrl+1)</translation>
    </message>
    <message>
      <source>Every run, its state and its details (Ctrl+2)</source>
      <translation>Every run, its state and its details (Ctrl+2)</translation>
    </message>
    <message>
      <source>Cost, files and volume over time (Ctrl+3)</source>
      <translation>Cost, files and volume over time (Ctrl+3)</translation>
    </message>
    <message>
      <source>&amp;Settings</source>
      <translation>&amp;Settings</translation>
    </message>
    <message>
      <source>&amp;Preferences…</source>
      <translation>&amp;Preferences…</translation>
    </message>
    <message>
      <source>Automation &amp;rules…</source>
      <translation>Automation &amp;rules…</translation>
    </message>
    <message>
      <source>Open the &amp;data folder</source>
      <translation>Open the &amp;data folder</translation>
    </message>
    <message>
      <source>&amp;Quit</source>
      <translation>&amp;Quit</translation>
    </message>
    <message>
      <source>&amp;Language</source>
      <translation>&amp;Language</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>&amp;Help</translation>
    </message>
    <message>
      <source>&amp;About DINO</source>
      <translation>&amp;About DINO</translation>
    </message>
    <message>
      <source>About &amp;Qt</source>
      <translation>About &amp;Qt</translation>
    </message>
    <message>
      <source>Profile: %1</source>
      <translation>Profile: %1</translation>
    </message>
    <message>
      <source>local</source>
      <translation>local</translation>
    </message>
    <message>
      <source>Azure</source>
      <translation>Azure</translation>
    </message>
    <message>
      <source>User: %1</source>
      <translation>User: %1</translation>
    </message>
    <message>
      <source>About DINO</source>
      <translation>About DINO</translation>
    </message>
    <message>
      <source>&lt;h3&gt;DINO %1&lt;/h3&gt;&lt;p&gt;Drop a hand-made file (CSV, Excel, JSON, XML, Parquet) and it lands in the lakehouse as a Delta table: typed, checked, and logged.&lt;/p&gt;&lt;p&gt;Profile: %2&lt;br&gt;Data folder: %3&lt;/p&gt;</source>
      <translation>&lt;h3&gt;DINO %1&lt;/h3&gt;&lt;p&gt;Drop a hand-made file (CSV, Excel, JSON, XML, Parquet) and it lands in the lakehouse as a Delta table: typed, checked, and logged.&lt;/p&gt;&lt;p&gt;Profile: %2&lt;br&gt;Data folder: %3&lt;/p&gt;</translation>
    </message>
    <message>
      <source>No runs in progress</source>
      <translation>No runs in progress</translation>
    </message>
    <message>
      <source>Runs in progress: %1</source>
      <translation>Runs in progress: %1</translation>
    </message>
    <message>
      <source>Rules paused</source>
      <translation>Rules paused</translation>
    </message>
    <message>
      <source>Watching 1 folder</source>
      <translation>Watching 1 folder</translation>
    </message>
    <message>
      <source>Watching %1 folders</source>
      <translation>Watching %1 folders</translation>
    </message>
    <message>
      <source>next run %1</source>
      <translation>next run %1</translation>
    </message>
    <message>
      <source>DINO keeps watching</source>
      <translation>DINO keeps watching</translation>
    </message>
    <message>
      <source>The rules go on from the tray icon. Its menu opens DINO again, pauses the rules or quits.</source>
      <translation>The rules go on from the tray icon. Its menu opens DINO again, pauses the rules or quits.</translation>
    </message>
    <message>
      <source>A run is in progress</source>
      <translation>A run is in progress</translation>
    </message>
    <message>
      <source>A file is being loaded. Cancel it and quit? The table stays as it was before the run.</source>
      <translation>A file is being loaded. Cancel it and quit? The table stays as it was before the run.</translation>
    </message>
  </context>
  <context>
    <name>PreviewModel</name>
    <message>
      <source>yes</source>
      <translation>yes</translation>
    </message>
    <message>
      <source>no</source>
      <translation>no</translation>
    </message>
    <message>
      <source>empty (null)</source>
      <translation>empty (null)</translation>
    </message>
    <message>
      <source>Column in the file: %1
Name in the table: %2
Type: %3
Double-click (or F2) to change the name or the type.</source>
      <translation>Column in the file: %1
Name in the table: %2
Type: %3
Double-click (or F2) to change the name or the type.</translation>
    </message>
  </context>
  <context>
    <name>ProblemsView</name>
    <message>
      <source>No problems found.</source>
      <translation>No problems found.</translation>
    </message>
    <message>
      <source>Error</source>
      <translation>Error</translation>
    </message>
    <message>
      <source>Warning</source>
      <translation>Warning</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>Note</translation>
    </message>
    <message>
      <source>Problems</source>
      <translation>Problems</translation>
    </message>
  </context>
  <context>
    <name>ProgressPanel</name>
    <message>
      <source>Reading the file</source>
      <translation>Reading the file</translation>
    </message>
    <message>
      <source>Converting</source>
      <translation>Converting</translation>
    </message>
    <message>
      <source>Staging</source>
      <translation>Staging</translation>
    </message>
    <message>
      <source>Writing the table</source>
      <translation>Writing the table</translation>
    </message>
    <message>
      <source>Recording</source>
      <translation>Recording</translation>
    </message>
    <message>
      <source>Checking</source>
      <translation>Checking</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>Stop the run; the table stays as it was (Esc)</source>
      <translation>Stop the run; the table stays as it was (Esc)</translation>
    </message>
    <message>
      <source>Cancelling…</source>
      <translation>Cancelling…</translation>
    </message>
    <message>
      <source>Starting…</source>
      <translation>Starting…</translation>
    </message>
    <message>
      <source>%1 left</source>
      <translation>%1 left</translation>
    </message>
  </context>
  <context>
    <name>RuleEditor</name>
    <message>
      <source>Automation rule</source>
      <translation>Automation rule</translation>
    </message>
    <message>
      <source>&amp;Name:</source>
      <translation>&amp;Name:</translation>
    </message>
    <message>
      <source>&amp;Folder:</source>
      <translation>&amp;Folder:</translation>
    </message>
    <message>
      <source>File &amp;pattern:</source>
      <translation>File &amp;pattern:</translation>
    </message>
    <message>
      <source>&amp;Database:</source>
      <translation>&amp;Database:</translation>
    </message>
    <message>
      <source>&amp;Table:</source>
      <translation>&amp;Table:</translation>
    </message>
    <message>
      <source>&amp;Mode:</source>
      <translation>&amp;Mode:</translation>
    </message>
    <message>
      <source>&amp;Sheet (Excel):</source>
      <translation>&amp;Sheet (Excel):</translation>
    </message>
    <message>
      <source>Merge ke&amp;ys:</source>
      <translation>Merge ke&amp;ys:</translation>
    </message>
    <message>
      <source>&amp;Bad rows:</source>
      <translation>&amp;Bad rows:</translation>
    </message>
    <message>
      <source>e.g. daily-sales</source>
      <translation>e.g. daily-sales</translation>
    </message>
    <message>
      <source>Bro&amp;wse…</source>
      <translation>Bro&amp;wse…</translation>
    </message>
    <message>
      <source>A full path: C:\…, \\server\share\… or /srv/…</source>
      <translation>A full path: C:\…, \\server\share\… or /srv/…</translation>
    </message>
    <message>
      <source>File names to take, case-insensitive; several separated by ; (e.g. *.csv;*.xlsx)</source>
      <translation>File names to take, case-insensitive; several separated by ; (e.g. *.csv;*.xlsx)</translation>
    </message>
    <message>
      <source>Lowercase letters, digits and _</source>
      <translation>Lowercase letters, digits and _</translation>
    </message>
    <message>
      <source>Append rows</source>
      <translation>Append rows</translation>
    </message>
    <message>
      <source>Overwrite the table</source>
      <translation>Overwrite the table</translation>
    </message>
    <message>
      <source>Merge on key columns</source>
      <translation>Merge on key columns</translation>
    </message>
    <message>
      <source>Column names, separated by commas</source>
      <translation>Column names, separated by commas</translation>
    </message>
    <message>
      <source>The first sheet that has data</source>
      <translation>The first sheet that has data</translation>
    </message>
    <message>
      <source>Fail the file: nothing is written</source>
      <translation>Fail the file: nothing is written</translation>
    </message>
    <message>
      <source>Skip them, keep them in rejects.csv</source>
      <translation>Skip them, keep them in rejects.csv</translation>
    </message>
    <message>
      <source>When</source>
      <translation>When</translation>
    </message>
    <message>
      <source>&amp;As files arrive</source>
      <translation>&amp;As files arrive</translation>
    </message>
    <message>
      <source>On a s&amp;chedule (cron):</source>
      <translation>On a s&amp;chedule (cron):</translation>
    </message>
    <message>
      <source>e.g. 0 7 * * 1-5 (weekdays at 7:00)</source>
      <translation>e.g. 0 7 * * 1-5 (weekdays at 7:00)</translation>
    </message>
    <message>
      <source>minute hour day-of-month month day-of-week, in this computer's time zone</source>
      <translation>minute hour day-of-month month day-of-week, in this computer's time zone</translation>
    </message>
    <message>
      <source>&amp;Enabled</source>
      <translation>&amp;Enabled</translation>
    </message>
    <message>
      <source>Alerts (failures are always told)</source>
      <translation>Alerts (failures are always told)</translation>
    </message>
    <message>
      <source>Tell about s&amp;uccesses too</source>
      <translation>Tell about s&amp;uccesses too</translation>
    </message>
    <message>
      <source>Des&amp;ktop notification</source>
      <translation>Des&amp;ktop notification</translation>
    </message>
    <message>
      <source>Web&amp;hook name:</source>
      <translation>Web&amp;hook name:</translation>
    </message>
    <message>
      <source>E-ma&amp;il to:</source>
      <translation>E-ma&amp;il to:</translation>
    </message>
    <message>
      <source>A webhook set up with: dino alerts set-webhook NAME (its URL stays in the keyring)</source>
      <translation>A webhook set up with: dino alerts set-webhook NAME (its URL stays in the keyring)</translation>
    </message>
    <message>
      <source>ana@contoso.com, bruno@contoso.com</source>
      <translation>ana@contoso.com, bruno@contoso.com</translation>
    </message>
    <message>
      <source>Another of your rules is already named '%1'.</source>
      <translation>Another of your rules is already named '%1'.</translation>
    </message>
    <message>
      <source>IT's rule '%1' is replaced by this one, for you only.</source>
      <translation>IT's rule '%1' is replaced by this one, for you only.</translation>
    </message>
    <message>
      <source>Write the schedule, or choose "As files arrive".</source>
      <translation>Write the schedule, or choose "As files arrive".</translation>
    </message>
    <message>
      <source>Each file is loaded once it is complete.</source>
      <translation>Each file is loaded once it is complete.</translation>
    </message>
    <message>
      <source>Next runs: %1</source>
      <translation>Next runs: %1</translation>
    </message>
    <message>
      <source>Folder to watch</source>
      <translation>Folder to watch</translation>
    </message>
  </context>
  <context>
    <name>RulesModel</name>
    <message>
      <source>as files arrive</source>
      <translation>as files arrive</translation>
    </message>
    <message>
      <source>IT (central)</source>
      <translation>IT (central)</translation>
    </message>
    <message>
      <source>yours</source>
      <translation>yours</translation>
    </message>
    <message>
      <source>loading a file…</source>
      <translation>loading a file…</translation>
    </message>
    <message>
      <source>never</source>
      <translation>never</translation>
    </message>
    <message>
      <source>already loaded</source>
      <translation>already loaded</translation>
    </message>
    <message>
      <source>not used: see the problems</source>
      <translation>not used: see the problems</translation>
    </message>
    <message>
      <source>disabled</source>
      <translation>disabled</translation>
    </message>
    <message>
      <source>paused</source>
      <translation>paused</translation>
    </message>
    <message>
      <source>File: %1</source>
      <translation>File: %1</translation>
    </message>
    <message>
      <source>Run: %1 (double-click to open it in History)</source>
      <translation>Run: %1 (double-click to open it in History)</translation>
    </message>
    <message>
      <source>Files still being written: %1</source>
      <translation>Files still being written: %1</translation>
    </message>
    <message>
      <source>The folder is looked at again then.</source>
      <translation>The folder is looked at again then.</translation>
    </message>
    <message>
      <source>Set by IT in the central configuration: read-only here. Duplicate it to make a version of your own.</source>
      <translation>Set by IT in the central configuration: read-only here. Duplicate it to make a version of your own.</translation>
    </message>
    <message>
      <source>Rule</source>
      <translation>Rule</translation>
    </message>
    <message>
      <source>Folder</source>
      <translation>Folder</translation>
    </message>
    <message>
      <source>Files</source>
      <translation>Files</translation>
    </message>
    <message>
      <source>Table</source>
      <translation>Table</translation>
    </message>
    <message>
      <source>Mode</source>
      <translation>Mode</translation>
    </message>
    <message>
      <source>When</source>
      <translation>When</translation>
    </message>
    <message>
      <source>On</source>
      <translation>On</translation>
    </message>
    <message>
      <source>Last run</source>
      <translation>Last run</translation>
    </message>
    <message>
      <source>Next run</source>
      <translation>Next run</translation>
    </message>
    <message>
      <source>Whose</source>
      <translation>Whose</translation>
    </message>
  </context>
  <context>
    <name>RulesPage</name>
    <message>
      <source>&amp;Add…</source>
      <translation>&amp;Add…</translation>
    </message>
    <message>
      <source>&amp;Edit…</source>
      <translation>&amp;Edit…</translation>
    </message>
    <message>
      <source>D&amp;uplicate…</source>
      <translation>D&amp;uplicate…</translation>
    </message>
    <message>
      <source>De&amp;lete</source>
      <translation>De&amp;lete</translation>
    </message>
    <message>
      <source>&amp;Run now</source>
      <translation>&amp;Run now</translation>
    </message>
    <message>
      <source>Load the rule's complete files now, whatever its schedule</source>
      <translation>Load the rule's complete files now, whatever its schedule</translation>
    </message>
    <message>
      <source>&amp;Keep watching from the tray when the window is closed</source>
      <translation>&amp;Keep watching from the tray when the window is closed</translation>
    </message>
    <message>
      <source>The rules could not be read: %1</source>
      <translation>The rules could not be read: %1</translation>
    </message>
    <message>
      <source>Resu&amp;me rules</source>
      <translation>Resu&amp;me rules</translation>
    </message>
    <message>
      <source>&amp;Pause rules</source>
      <translation>&amp;Pause rules</translation>
    </message>
    <message>
      <source>IT's rule: set in the central configuration, read-only here. Duplicate it to make a version of your own.</source>
      <translation>IT's rule: set in the central configuration, read-only here. Duplicate it to make a version of your own.</translation>
    </message>
    <message>
      <source>Delete the rule</source>
      <translation>Delete the rule</translation>
    </message>
    <message>
      <source>Delete the rule '%1'? Files already loaded stay in their tables; the folder is no longer watched.</source>
      <translation>Delete the rule '%1'? Files already loaded stay in their tables; the folder is no longer watched.</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>Saving…</translation>
    </message>
    <message>
      <source>Saved to %1. The rules apply now.</source>
      <translation>Saved to %1. The rules apply now.</translation>
    </message>
    <message>
      <source>Not saved: %1</source>
      <translation>Not saved: %1</translation>
    </message>
    <message>
      <source>Rule '%1' runs now: its complete files are loaded.</source>
      <translation>Rule '%1' runs now: its complete files are loaded.</translation>
    </message>
  </context>
  <context>
    <name>RunDetails</name>
    <message>
      <source>Inspect</source>
      <translation>Inspect</translation>
    </message>
    <message>
      <source>Validate</source>
      <translation>Validate</translation>
    </message>
    <message>
      <source>Convert</source>
      <translation>Convert</translation>
    </message>
    <message>
      <source>Upload to landing</source>
      <translation>Upload to landing</translation>
    </message>
    <message>
      <source>Write the table</source>
      <translation>Write the table</translation>
    </message>
    <message>
      <source>Record</source>
      <translation>Record</translation>
    </message>
    <message>
      <source>The run's events and files could not be read: %1</source>
      <translation>The run's events and files could not be read: %1</translation>
    </message>
    <message>
      <source>Run %1</source>
      <translation>Run %1</translation>
    </message>
    <message>
      <source>none (new table)</source>
      <translation>none (new table)</translation>
    </message>
    <message>
      <source>%1 (keys: %2)</source>
      <translation>%1 (keys: %2)</translation>
    </message>
    <message>
      <source>%1 on %2</source>
      <translation>%1 on %2</translation>
    </message>
    <message>
      <source>%1 → %2</source>
      <translation>%1 → %2</translation>
    </message>
    <message>
      <source>Total</source>
      <translation>Total</translation>
    </message>
    <message>
      <source>Looking for the landing files…</source>
      <translation>Looking for the landing files…</translation>
    </message>
    <message>
      <source>In the landing folder: %1</source>
      <translation>In the landing folder: %1</translation>
    </message>
    <message>
      <source>The manifest is at %1.</source>
      <translation>The manifest is at %1.</translation>
    </message>
    <message>
      <source>The landing files were removed after the run succeeded.</source>
      <translation>The landing files were removed after the run succeeded.</translation>
    </message>
    <message>
      <source>The landing folder holds no files for this run.</source>
      <translation>The landing folder holds no files for this run.</translation>
    </message>
    <message>
      <source>Select a run to see its details.</source>
      <translation>Select a run to see its details.</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>Summary</translation>
    </message>
    <message>
      <source>Time per stage</source>
      <translation>Time per stage</translation>
    </message>
    <message>
      <source>Problems</source>
      <translation>Problems</translation>
    </message>
    <message>
      <source>Error</source>
      <translation>Error</translation>
    </message>
    <message>
      <source>Manifest</source>
      <translation>Manifest</translation>
    </message>
    <message>
      <source>Events</source>
      <translation>Events</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>Time</translation>
    </message>
    <message>
      <source>State</source>
      <translation>State</translation>
    </message>
    <message>
      <source>Stage</source>
      <translation>Stage</translation>
    </message>
    <message>
      <source>Message</source>
      <translation>Message</translation>
    </message>
    <message>
      <source>File:</source>
      <translation>File:</translation>
    </message>
    <message>
      <source>Table:</source>
      <translation>Table:</translation>
    </message>
    <message>
      <source>Mode:</source>
      <translation>Mode:</translation>
    </message>
    <message>
      <source>User:</source>
      <translation>User:</translation>
    </message>
    <message>
      <source>Started:</source>
      <translation>Started:</translation>
    </message>
    <message>
      <source>Finished:</source>
      <translation>Finished:</translation>
    </message>
    <message>
      <source>Duration:</source>
      <translation>Duration:</translation>
    </message>
    <message>
      <source>Rows written:</source>
      <translation>Rows written:</translation>
    </message>
    <message>
      <source>Bad rows:</source>
      <translation>Bad rows:</translation>
    </message>
    <message>
      <source>Source size:</source>
      <translation>Source size:</translation>
    </message>
    <message>
      <source>Staged size:</source>
      <translation>Staged size:</translation>
    </message>
    <message>
      <source>Cost:</source>
      <translation>Cost:</translation>
    </message>
    <message>
      <source>Table version:</source>
      <translation>Table version:</translation>
    </message>
    <message>
      <source>Retry of:</source>
      <translation>Retry of:</translation>
    </message>
  </context>
  <context>
    <name>RunFilterBar</name>
    <message>
      <source>Cause: %1  ✕</source>
      <translation>Cause: %1  ✕</translation>
    </message>
    <message>
      <source>Click to show every run again</source>
      <translation>Click to show every run again</translation>
    </message>
    <message>
      <source>Search file, table, run id or error… (Ctrl+F)</source>
      <translation>Search file, table, run id or error… (Ctrl+F)</translation>
    </message>
    <message>
      <source>All states</source>
      <translation>All states</translation>
    </message>
    <message>
      <source>In progress</source>
      <translation>In progress</translation>
    </message>
    <message>
      <source>Succeeded</source>
      <translation>Succeeded</translation>
    </message>
    <message>
      <source>Failed</source>
      <translation>Failed</translation>
    </message>
    <message>
      <source>Cancelled</source>
      <translation>Cancelled</translation>
    </message>
    <message>
      <source>Undone</source>
      <translation>Undone</translation>
    </message>
    <message>
      <source>All time</source>
      <translation>All time</translation>
    </message>
    <message>
      <source>Last 7 days</source>
      <translation>Last 7 days</translation>
    </message>
    <message>
      <source>Last 30 days</source>
      <translation>Last 30 days</translation>
    </message>
    <message>
      <source>Last 90 days</source>
      <translation>Last 90 days</translation>
    </message>
    <message>
      <source>Custom dates…</source>
      <translation>Custom dates…</translation>
    </message>
    <message>
      <source>All users</source>
      <translation>All users</translation>
    </message>
    <message>
      <source>All tables</source>
      <translation>All tables</translation>
    </message>
    <message>
      <source>Runs whose file name, table, run id or error text contains these characters</source>
      <translation>Runs whose file name, table, run id or error text contains these characters</translation>
    </message>
    <message>
      <source>Show only runs in this state</source>
      <translation>Show only runs in this state</translation>
    </message>
    <message>
      <source>Show only runs by this person</source>
      <translation>Show only runs by this person</translation>
    </message>
    <message>
      <source>Show only runs into this table</source>
      <translation>Show only runs into this table</translation>
    </message>
    <message>
      <source>Show only runs started in this period</source>
      <translation>Show only runs started in this period</translation>
    </message>
    <message>
      <source>From this day (included)</source>
      <translation>From this day (included)</translation>
    </message>
    <message>
      <source>To this day (included)</source>
      <translation>To this day (included)</translation>
    </message>
  </context>
  <context>
    <name>RunMode</name>
    <message>
      <source>append</source>
      <translation>append</translation>
    </message>
    <message>
      <source>overwrite</source>
      <translation>overwrite</translation>
    </message>
    <message>
      <source>merge</source>
      <translation>merge</translation>
    </message>
  </context>
  <context>
    <name>RunOperations</name>
    <message>
      <source>Retrying %1…</source>
      <translation>Retrying %1…</translation>
    </message>
    <message>
      <source>Run %1 succeeded: %2 rows written to %3.</source>
      <translation>Run %1 succeeded: %2 rows written to %3.</translation>
    </message>
    <message>
      <source>The retry was cancelled; the table is as it was.</source>
      <translation>The retry was cancelled; the table is as it was.</translation>
    </message>
    <message>
      <source>Retry the run?</source>
      <translation>Retry the run?</translation>
    </message>
    <message>
      <source>This file was loaded into this table before, or the retry would replace the table's contents. Retry anyway?</source>
      <translation>This file was loaded into this table before, or the retry would replace the table's contents. Retry anyway?</translation>
    </message>
    <message>
      <source>Undo the run?</source>
      <translation>Undo the run?</translation>
    </message>
    <message>
      <source>Put table %1 back as it was before run %2? The rows this run wrote are taken out; the run stays in the history as undone.</source>
      <translation>Put table %1 back as it was before run %2? The rows this run wrote are taken out; the run stays in the history as undone.</translation>
    </message>
    <message>
      <source>Undoing run %1…</source>
      <translation>Undoing run %1…</translation>
    </message>
    <message>
      <source>Run %1 undone: table %2 is back as it was before it.</source>
      <translation>Run %1 undone: table %2 is back as it was before it.</translation>
    </message>
  </context>
  <context>
    <name>RunState</name>
    <message>
      <source>created</source>
      <translation>created</translation>
    </message>
    <message>
      <source>converting</source>
      <translation>converting</translation>
    </message>
    <message>
      <source>uploading</source>
      <translation>uploading</translation>
    </message>
    <message>
      <source>submitted</source>
      <translation>submitted</translation>
    </message>
    <message>
      <source>running</source>
      <translation>running</translation>
    </message>
    <message>
      <source>succeeded</source>
      <translation>succeeded</translation>
    </message>
    <message>
      <source>failed</source>
      <translation>failed</translation>
    </message>
    <message>
      <source>cancelled</source>
      <translation>cancelled</translation>
    </message>
    <message>
      <source>undone</source>
      <translation>undone</translation>
    </message>
  </context>
  <context>
    <name>RunTableModel</name>
    <message>
      <source>This column cannot be sorted</source>
      <translation>This column cannot be sorted</translation>
    </message>
    <message>
      <source>State</source>
      <translation>State</translation>
    </message>
    <message>
      <source>Started</source>
      <translation>Started</translation>
    </message>
    <message>
      <source>File</source>
      <translation>File</translation>
    </message>
    <message>
      <source>Target</source>
      <translation>Target</translation>
    </message>
    <message>
      <source>Mode</source>
      <translation>Mode</translation>
    </message>
    <message>
      <source>Rows</source>
      <translation>Rows</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>Size</translation>
    </message>
    <message>
      <source>Duration</source>
      <translation>Duration</translation>
    </message>
    <message>
      <source>Cost</source>
      <translation>Cost</translation>
    </message>
    <message>
      <source>User</source>
      <translation>User</translation>
    </message>
    <message>
      <source>Run id</source>
      <translation>Run id</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <source>Preferences</source>
      <translation>Preferences</translation>
    </message>
    <message>
      <source>General</source>
      <translation>General</translation>
    </message>
    <message>
      <source>Loading files</source>
      <translation>Loading files</translation>
    </message>
    <message>
      <source>Cost model</source>
      <translation>Cost model</translation>
    </message>
    <message>
      <source>Azure (set by IT)</source>
      <translation>Azure (set by IT)</translation>
    </message>
    <message>
      <source>Automation and alerts (set by IT)</source>
      <translation>Automation and alerts (set by IT)</translation>
    </message>
    <message>
      <source>Profile:</source>
      <translation>Profile:</translation>
    </message>
    <message>
      <source>Data folder:</source>
      <translation>Data folder:</translation>
    </message>
    <message>
      <source>&amp;User name:</source>
      <translation>&amp;User name:</translation>
    </message>
    <message>
      <source>Catalog:</source>
      <translation>Catalog:</translation>
    </message>
    <message>
      <source>Central configuration:</source>
      <translation>Central configuration:</translation>
    </message>
    <message>
      <source>&amp;Keep landing files (days):</source>
      <translation>&amp;Keep landing files (days):</translation>
    </message>
    <message>
      <source>&amp;Largest file (MB):</source>
      <translation>&amp;Largest file (MB):</translation>
    </message>
    <message>
      <source>&amp;New columns in a file:</source>
      <translation>&amp;New columns in a file:</translation>
    </message>
    <message>
      <source>Co&amp;mpute, per hour:</source>
      <translation>Co&amp;mpute, per hour:</translation>
    </message>
    <message>
      <source>&amp;Fixed cost per run:</source>
      <translation>&amp;Fixed cost per run:</translation>
    </message>
    <message>
      <source>Tenant ID:</source>
      <translation>Tenant ID:</translation>
    </message>
    <message>
      <source>Client ID:</source>
      <translation>Client ID:</translation>
    </message>
    <message>
      <source>Subscription ID:</source>
      <translation>Subscription ID:</translation>
    </message>
    <message>
      <source>Storage account URL:</source>
      <translation>Storage account URL:</translation>
    </message>
    <message>
      <source>Container:</source>
      <translation>Container:</translation>
    </message>
    <message>
      <source>Prefix:</source>
      <translation>Prefix:</translation>
    </message>
    <message>
      <source>Databricks workspace:</source>
      <translation>Databricks workspace:</translation>
    </message>
    <message>
      <source>Databricks job ID:</source>
      <translation>Databricks job ID:</translation>
    </message>
    <message>
      <source>Volume path:</source>
      <translation>Volume path:</translation>
    </message>
    <message>
      <source>Unity Catalog:</source>
      <translation>Unity Catalog:</translation>
    </message>
    <message>
      <source>SQL server:</source>
      <translation>SQL server:</translation>
    </message>
    <message>
      <source>SQL database:</source>
      <translation>SQL database:</translation>
    </message>
    <message>
      <source>SQL connection string:</source>
      <translation>SQL connection string:</translation>
    </message>
    <message>
      <source>Storage connection string:</source>
      <translation>Storage connection string:</translation>
    </message>
    <message>
      <source>Parallel uploads:</source>
      <translation>Parallel uploads:</translation>
    </message>
    <message>
      <source>Upload block (MB):</source>
      <translation>Upload block (MB):</translation>
    </message>
    <message>
      <source>Block checksum:</source>
      <translation>Block checksum:</translation>
    </message>
    <message>
      <source>Look at watched folders every (s):</source>
      <translation>Look at watched folders every (s):</translation>
    </message>
    <message>
      <source>A file is complete after (s) unchanged:</source>
      <translation>A file is complete after (s) unchanged:</translation>
    </message>
    <message>
      <source>E-mail server (SMTP):</source>
      <translation>E-mail server (SMTP):</translation>
    </message>
    <message>
      <source>SMTP port:</source>
      <translation>SMTP port:</translation>
    </message>
    <message>
      <source>Sender:</source>
      <translation>Sender:</translation>
    </message>
    <message>
      <source>STARTTLS:</source>
      <translation>STARTTLS:</translation>
    </message>
    <message>
      <source>SMTP user:</source>
      <translation>SMTP user:</translation>
    </message>
    <message>
      <source>Alert time limit (s):</source>
      <translation>Alert time limit (s):</translation>
    </message>
    <message>
      <source>Alert attempts:</source>
      <translation>Alert attempts:</translation>
    </message>
    <message>
      <source>SQL warehouse ID:</source>
      <translation>SQL warehouse ID:</translation>
    </message>
    <message>
      <source>Job polling (seconds):</source>
      <translation>Job polling (seconds):</translation>
    </message>
    <message>
      <source>Job time limit (minutes):</source>
      <translation>Job time limit (minutes):</translation>
    </message>
    <message>
      <source>ODBC driver:</source>
      <translation>ODBC driver:</translation>
    </message>
    <message>
      <source>Cost scope:</source>
      <translation>Cost scope:</translation>
    </message>
    <message>
      <source>Cost tag filter:</source>
      <translation>Cost tag filter:</translation>
    </message>
    <message>
      <source>local (this computer)</source>
      <translation>local (this computer)</translation>
    </message>
    <message>
      <source>Azure</source>
      <translation>Azure</translation>
    </message>
    <message>
      <source>Your sign-in name, e.g. ana@contoso.com</source>
      <translation>Your sign-in name, e.g. ana@contoso.com</translation>
    </message>
    <message>
      <source>Remove after success</source>
      <translation>Remove after success</translation>
    </message>
    <message>
      <source>How long the converted files stay in the landing area after a successful run.</source>
      <translation>How long the converted files stay in the landing area after a successful run.</translation>
    </message>
    <message>
      <source>No limit</source>
      <translation>No limit</translation>
    </message>
    <message>
      <source>Add them to the table</source>
      <translation>Add them to the table</translation>
    </message>
    <message>
      <source>Refuse the file (strict)</source>
      <translation>Refuse the file (strict)</translation>
    </message>
    <message>
      <source>Copy the effective configuration, secrets hidden, to send to IT</source>
      <translation>Copy the effective configuration, secrets hidden, to send to IT</translation>
    </message>
    <message>
      <source>Your settings file: %1</source>
      <translation>Your settings file: %1</translation>
    </message>
    <message>
      <source>IT's central file: %1</source>
      <translation>IT's central file: %1</translation>
    </message>
    <message>
      <source>Your file: %1</source>
      <translation>Your file: %1</translation>
    </message>
    <message>
      <source>Environment variables: %1</source>
      <translation>Environment variables: %1</translation>
    </message>
    <message>
      <source>Read from: %1</source>
      <translation>Read from: %1</translation>
    </message>
    <message>
      <source>the defaults only</source>
      <translation>the defaults only</translation>
    </message>
    <message>
      <source>IT's central file</source>
      <translation>IT's central file</translation>
    </message>
    <message>
      <source>your file</source>
      <translation>your file</translation>
    </message>
    <message>
      <source>environment (%1)</source>
      <translation>environment (%1)</translation>
    </message>
    <message>
      <source>default</source>
      <translation>default</translation>
    </message>
    <message>
      <source>Set by the environment variable %1, which wins over your file.</source>
      <translation>Set by the environment variable %1, which wins over your file.</translation>
    </message>
    <message>
      <source>Saved to %1. Restart DINO to apply the changes.</source>
      <translation>Saved to %1. Restart DINO to apply the changes.</translation>
    </message>
    <message>
      <source>Saved changes apply when DINO starts again.</source>
      <translation>Saved changes apply when DINO starts again.</translation>
    </message>
    <message>
      <source>Changes apply the next time DINO starts.</source>
      <translation>Changes apply the next time DINO starts.</translation>
    </message>
    <message>
      <source>The configuration could not be read: %1</source>
      <translation>The configuration could not be read: %1</translation>
    </message>
    <message>
      <source>Curr&amp;ency:</source>
      <translation>Curr&amp;ency:</translation>
    </message>
    <message>
      <source>S&amp;torage, per GB per month:</source>
      <translation>S&amp;torage, per GB per month:</translation>
    </message>
    <message>
      <source>Co&amp;py as TOML</source>
      <translation>Co&amp;py as TOML</translation>
    </message>
    <message>
      <source>Not saved: %1</source>
      <translation>Not saved: %1</translation>
    </message>
  </context>
  <context>
    <name>TargetForm</name>
    <message>
      <source>Target</source>
      <translation>Target</translation>
    </message>
    <message>
      <source>&amp;Database:</source>
      <translation>&amp;Database:</translation>
    </message>
    <message>
      <source>&amp;Table:</source>
      <translation>&amp;Table:</translation>
    </message>
    <message>
      <source>&amp;Mode:</source>
      <translation>&amp;Mode:</translation>
    </message>
    <message>
      <source>An existing database, or a new name: lowercase letters, digits and _</source>
      <translation>An existing database, or a new name: lowercase letters, digits and _</translation>
    </message>
    <message>
      <source>An existing table, or a new one to create</source>
      <translation>An existing table, or a new one to create</translation>
    </message>
    <message>
      <source>Append rows</source>
      <translation>Append rows</translation>
    </message>
    <message>
      <source>Overwrite the table</source>
      <translation>Overwrite the table</translation>
    </message>
    <message>
      <source>Merge on key columns</source>
      <translation>Merge on key columns</translation>
    </message>
    <message>
      <source>Skip &amp;bad rows</source>
      <translation>Skip &amp;bad rows</translation>
    </message>
    <message>
      <source>Leave rows that do not fit out of the table and keep them in rejects.csv, instead of stopping the run</source>
      <translation>Leave rows that do not fit out of the table and keep them in rejects.csv, instead of stopping the run</translation>
    </message>
    <message>
      <source>&amp;Keys: %1</source>
      <translation>&amp;Keys: %1</translation>
    </message>
    <message>
      <source>Choose &amp;key columns</source>
      <translation>Choose &amp;key columns</translation>
    </message>
    <message>
      <source>Rows whose key columns match are updated; the others are added</source>
      <translation>Rows whose key columns match are updated; the others are added</translation>
    </message>
  </context>
  <context>
    <name>TrayMenu</name>
    <message>
      <source>&amp;Open DINO</source>
      <translation>&amp;Open DINO</translation>
    </message>
    <message>
      <source>Run &amp;all rules now</source>
      <translation>Run &amp;all rules now</translation>
    </message>
    <message>
      <source>&amp;Quit</source>
      <translation>&amp;Quit</translation>
    </message>
    <message>
      <source>&amp;Resume rules</source>
      <translation>&amp;Resume rules</translation>
    </message>
    <message>
      <source>&amp;Pause rules</source>
      <translation>&amp;Pause rules</translation>
    </message>
  </context>
  <context>
    <name>UploadTab</name>
    <message>
      <source>Problems</source>
      <translation>Problems</translation>
    </message>
    <message>
      <source>&amp;Ingest</source>
      <translation>&amp;Ingest</translation>
    </message>
    <message>
      <source>Load the file into the table (Ctrl+Enter)</source>
      <translation>Load the file into the table (Ctrl+Enter)</translation>
    </message>
    <message>
      <source>No file chosen yet.</source>
      <translation>No file chosen yet.</translation>
    </message>
    <message>
      <source>Reading %1…</source>
      <translation>Reading %1…</translation>
    </message>
    <message>
      <source>about %1 rows</source>
      <translation>about %1 rows</translation>
    </message>
    <message>
      <source>%1 columns</source>
      <translation>%1 columns</translation>
    </message>
    <message>
      <source>A run is in progress.</source>
      <translation>A run is in progress.</translation>
    </message>
    <message>
      <source>Choose a file first.</source>
      <translation>Choose a file first.</translation>
    </message>
    <message>
      <source>The file is still being read.</source>
      <translation>The file is still being read.</translation>
    </message>
    <message>
      <source>The file has errors: see Problems.</source>
      <translation>The file has errors: see Problems.</translation>
    </message>
    <message>
      <source>Merge needs at least one key column.</source>
      <translation>Merge needs at least one key column.</translation>
    </message>
    <message>
      <source>Checking the table…</source>
      <translation>Checking the table…</translation>
    </message>
    <message>
      <source>The table does not accept this file: see Problems.</source>
      <translation>The table does not accept this file: see Problems.</translation>
    </message>
    <message>
      <source>Overwrite the table?</source>
      <translation>Overwrite the table?</translation>
    </message>
    <message>
      <source>Every row now in %1 will be replaced by this file's rows. Earlier versions stay in the table history and the run can be undone.</source>
      <translation>Every row now in %1 will be replaced by this file's rows. Earlier versions stay in the table history and the run can be undone.</translation>
    </message>
    <message>
      <source>Load this file again?</source>
      <translation>Load this file again?</translation>
    </message>
    <message>
      <source>This very file was already loaded into %1 on %2 by %3 (run %4). Loading it again may duplicate its rows.</source>
      <translation>This very file was already loaded into %1 on %2 by %3 (run %4). Loading it again may duplicate its rows.</translation>
    </message>
    <message>
      <source>Continue?</source>
      <translation>Continue?</translation>
    </message>
    <message>
      <source>Show this run in History</source>
      <translation>Show this run in History</translation>
    </message>
    <message>
      <source>✔ %1 rows loaded into %2 in %3.</source>
      <translation>✔ %1 rows loaded into %2 in %3.</translation>
    </message>
    <message>
      <source>%1 bad rows were left out (kept in rejects.csv).</source>
      <translation>%1 bad rows were left out (kept in rejects.csv).</translation>
    </message>
    <message>
      <source>Cancelled: %1 was not changed.</source>
      <translation>Cancelled: %1 was not changed.</translation>
    </message>
    <message>
      <source>✖ The run failed and %1 was not changed: %2</source>
      <translation>✖ The run failed and %1 was not changed: %2</translation>
    </message>
    <message>
      <source>✖ Nothing was loaded: %1</source>
      <translation>✖ Nothing was loaded: %1</translation>
    </message>
  </context>
  <context>
    <name>app</name>
    <message>
      <source>Starting DINO…</source>
      <translation>Starting DINO…</translation>
    </message>
    <message>
      <source>DINO could not start:
%1</source>
      <translation>DINO could not start:
%1</translation>
    </message>
  </context>
  <context>
    <name>formatting</name>
    <message>
      <source>%1/s</source>
      <translation>%1/s</translation>
    </message>
  </context>
</TS>
