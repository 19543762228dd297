# Build the one-folder bundle of Mediation Desk with PyInstaller (Windows 10/11, 64-bit).
#
#   powershell -ExecutionPolicy Bypass -File packaging\build-bundle.ps1
#       -> build\bundle\dist\MediationDesk\MediationDesk.exe
#
# Everything goes under build\bundle\ (ignored by git): venv\ (the build environment, reused by
# later runs), work\ (PyInstaller's scratch), dist\MediationDesk\ (the bundle).
#
# Options:
#   -Python "py -3.11"        interpreter for the build venv (>= 3.11, 64-bit); default: python
#   -PySide6Version 6.9.3     use this PySide6-Essentials/shiboken6 instead of the pinned one
#   -Postgres                 also bundle psycopg, for counters sharing a PostgreSQL server
#   -Unpinned                 ignore packaging\constraints.txt (newest versions allowed)
#   -Fresh                    delete the build venv first
#   -BuildDir D:\md-build     put venv\, work\ and dist\ there instead of build\bundle
#   -Makensis C:\...\makensis.exe   NSIS 3 compiler for the installer (default: makensis on the
#                             PATH, else NSIS's usual install folders; without it, no installer)
#
# Then the installer (packaging\windows\mediation-desk.nsi, NSIS 3):
#       -> build\bundle\dist\MediationDesk-<version>-setup.exe
param(
    [string]$Python = "python",
    [string]$PySide6Version = "",
    [switch]$Postgres,
    [switch]$Unpinned,
    [switch]$Fresh,
    [string]$BuildDir = "",
    [string]$Makensis = ""
)
$ErrorActionPreference = "Stop"

$Repo = Split-Path -Parent $PSScriptRoot
if (-not $BuildDir) { $BuildDir = Join-Path $Repo "build\bundle" }
$Venv = Join-Path $BuildDir "venv"
$Py = Join-Path $Venv "Scripts\python.exe"
$Spec = Join-Path $Repo "packaging\pyinstaller\mediation_desk.spec"
$Constraints = Join-Path $Repo "packaging\constraints.txt"

# Run a program; stop if it fails (PowerShell does not stop on a program's exit code).
function Invoke-Checked([string]$Exe, [string[]]$Arguments) {
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "Failed ($LASTEXITCODE): $Exe $($Arguments -join ' ')" }
}

$started = Get-Date
New-Item -ItemType Directory -Force -Path $BuildDir | Out-Null

# "py -3.11" -> program "py" with argument "-3.11"
$parts = @($Python -split ' ' | Where-Object { $_ })
$PyExe = $parts[0]
$PyArgs = @($parts | Select-Object -Skip 1)
& $PyExe @PyArgs -c "import sys; sys.exit(sys.version_info < (3, 11) or sys.maxsize < 2**32)"
if ($LASTEXITCODE -ne 0) { throw "A 64-bit Python >= 3.11 is needed (-Python '$Python')." }

if ($Fresh -and (Test-Path $Venv)) { Remove-Item -Recurse -Force $Venv }
if (-not (Test-Path $Py)) {
    Write-Host "Creating the build venv: $Venv"
    Invoke-Checked $PyExe ($PyArgs + @("-m", "venv", $Venv))
}

# Version pins: packaging\constraints.txt, with PySide6 swapped for -PySide6Version if given.
$PipC = @()
if (-not $Unpinned -and (Test-Path $Constraints)) {
    $lines = Get-Content $Constraints
    if ($PySide6Version) { $lines = $lines | Where-Object { $_ -notmatch '^(?i)(pyside6|shiboken6)' } }
    $used = Join-Path $BuildDir "constraints.txt"
    Set-Content -Path $used -Value $lines -Encoding ASCII
    $PipC = @("-c", $used)
}
$Extra = @()
if ($PySide6Version) { $Extra = @("PySide6-Essentials==$PySide6Version", "shiboken6==$PySide6Version") }
$Target = $Repo
if ($Postgres) { $Target = $Repo + "[postgres]" }

Write-Host "Installing the project and PyInstaller into the build venv"
Invoke-Checked $Py (@("-m", "pip", "install") + $PipC + @("-e", $Target, "pyinstaller") + $Extra)
if (-not $Postgres) {
    # A venv reused from a -Postgres build would otherwise still bundle psycopg.
    & $Py -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('psycopg') is None)"
    if ($LASTEXITCODE -eq 0) { Invoke-Checked $Py @("-m", "pip", "uninstall", "-y", "psycopg", "psycopg-binary") }
}

Write-Host "Running PyInstaller"
$pyiStarted = Get-Date
$env:PYTHONHASHSEED = "0"  # the same inputs give the same archive contents
Push-Location $BuildDir    # nothing in the current directory is picked up by the analysis
try {
    Invoke-Checked $Py @("-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", (Join-Path $BuildDir "dist"), "--workpath", (Join-Path $BuildDir "work"), $Spec)
} finally {
    Pop-Location
    Remove-Item Env:PYTHONHASHSEED -ErrorAction SilentlyContinue
}
$finished = Get-Date

$Bundle = Join-Path $BuildDir "dist\MediationDesk"
$Exe = Join-Path $Bundle "MediationDesk.exe"
if (-not (Test-Path $Exe)) { throw "No executable at $Exe" }
$files = Get-ChildItem -Path $Bundle -Recurse -File
$sizeMb = [math]::Round((($files | Measure-Object -Property Length -Sum).Sum) / 1MB)
Write-Host ""
Write-Host "Bundle:      $Bundle"
Write-Host "Executable:  $Exe"
Write-Host "Size:        $sizeMb MB ($($files.Count) files)"
Write-Host ("Build time:  {0:N0} s (PyInstaller {1:N0} s)" -f ($finished - $started).TotalSeconds, ($finished - $pyiStarted).TotalSeconds)
Write-Host "Try it:      & '$Exe' --data-dir `$env:TEMP\md-try --demo 300"

# The installer: per user, Start-menu entry, desktop shortcut, uninstaller (see the .nsi).
if (-not $Makensis) {
    $found = Get-Command makensis -ErrorAction SilentlyContinue
    if ($found) { $Makensis = $found.Source }
    foreach ($dir in @(${env:ProgramFiles(x86)}, $env:ProgramFiles)) {
        if (-not $Makensis -and $dir -and (Test-Path (Join-Path $dir "NSIS\makensis.exe"))) {
            $Makensis = Join-Path $dir "NSIS\makensis.exe"
        }
    }
}
if ($Makensis) {
    $Version = & $Py -c "import tomllib; print(tomllib.load(open(r'$Repo\pyproject.toml', 'rb'))['project']['version'])"
    $Setup = Join-Path $BuildDir "dist\MediationDesk-$Version-setup.exe"
    # makensis works from the script's folder: the bundle's path must be absolute.
    Invoke-Checked $Makensis @("/V2", "/DBUNDLE=$((Resolve-Path $Bundle).Path)", "/DVERSION=$Version", "/DOUTFILE=$Setup",
        (Join-Path $Repo "packaging\windows\mediation-desk.nsi"))
    Write-Host "Installer:   $Setup"
} else {
    Write-Host "Installer:   not built: NSIS 3 (makensis) was not found (https://nsis.sourceforge.io, or -Makensis)"
}
