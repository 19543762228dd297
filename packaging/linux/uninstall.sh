#!/bin/sh
# 卸载“矛盾纠纷多元化解中心 · 一窗受理”：删除程序文件夹、菜单项和命令。
# 数据文件夹（案件、数据库、备份设置）保留；不再需要时请自行删除。
# install.sh 安装时填入了下面的路径。
set -eu
app='@APP@'
rm -f '@MENU@/mediation-desk.desktop'
if [ "$(readlink '@BIN@/mediation-desk' 2>/dev/null)" = "$app/MediationDesk" ]; then
    rm -f '@BIN@/mediation-desk'
fi
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database '@MENU@' >/dev/null 2>&1 || true
fi
cd /
rm -rf "$app"
echo "已卸载（$app）。数据文件夹保留，例如 ~/.local/share/MediationDesk。"
